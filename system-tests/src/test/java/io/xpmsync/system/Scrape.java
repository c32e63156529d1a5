package io.xpmsync.system;

import io.restassured.RestAssured;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.xpmsync.system.RunningSystem.managementUrl;

/** One service's {@code /q/metrics} (Prometheus text) on its management port, read into samples. */
record Scrape(String service, List<Sample> samples) {

    /** One line: a metric's name, its labels and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A sample line: name, labels, value, and after it an optional exemplar ({@code # {trace_id="..."} 1.0}). */
    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})?\\s+(\\S+)(\\s.*)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static Scrape of(String service) {
        String text = RestAssured.get(managementUrl(service) + "/q/metrics").then().statusCode(200).extract()
                .asString();
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            double value;
            try {
                value = Double.parseDouble(m.group(4));
            } catch (NumberFormatException e) {
                continue;
            }
            samples.add(new Sample(m.group(1), labels, value));
        }
        return new Scrape(service, samples);
    }

    /** The sum of the samples of {@code name} whose labels include {@code labels} ({@code key, value, ...}). */
    double sum(String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name) && has(s, labels)).mapToDouble(Sample::value).sum();
    }

    boolean has(String name, String... labels) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && has(s, labels));
    }

    Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    private static boolean has(Sample s, String... labels) {
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
