package io.xpmsync.system;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each service owns its data in its own PostgreSQL schema and never reads or writes another's tables (state another
 * service owns arrives as events): no service's code or SQL names a table of another service's schema, and each
 * service's migrations and connections use its own schema. The one shared schema, {@code api_budget}, belongs to the
 * external APIs' allowances (api-budget), not to a service.
 */
class ServiceDataOwnershipTest {

    private static final Map<String, String> SCHEMAS = Map.of("connector-service", "connector", "matching-service",
            "matching", "mapping-service", "mapping", "push-service", "push", "karbon-sandbox", "karbon_sandbox",
            "xpm-sandbox", "xpm_sandbox");
    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)");

    @Test
    void noServiceNamesAnotherServicesTables() throws IOException {
        Path root = RunningSystem.root();
        Map<String, Set<String>> tables = new HashMap<>();
        for (Map.Entry<String, String> part : SCHEMAS.entrySet()) {
            Set<String> own = new HashSet<>();
            for (Path migration : files(root.resolve(part.getKey()).resolve("src/main/resources/db/migration"))) {
                Matcher created = CREATE_TABLE.matcher(Files.readString(migration));
                while (created.find()) {
                    own.add(created.group(1).toLowerCase());
                }
            }
            assertThat(own).as("%s's tables", part.getKey()).isNotEmpty();
            tables.put(part.getValue(), own);
        }

        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> part : SCHEMAS.entrySet()) {
            String properties = Files.readString(root.resolve(part.getKey())
                    .resolve("src/main/resources/application.properties"));
            assertThat(properties).as("%s migrates and connects to its own schema", part.getKey())
                    .contains("quarkus.flyway.schemas=" + part.getValue())
                    .contains("currentSchema=" + part.getValue());
            for (Path source : files(root.resolve(part.getKey()).resolve("src/main"))) {
                String text = Files.readString(source);
                for (Map.Entry<String, Set<String>> other : tables.entrySet()) {
                    if (other.getKey().equals(part.getValue())) {
                        continue;
                    }
                    Matcher named = Pattern.compile("\\b" + other.getKey() + "\\.([a-z_]+)\\b").matcher(text);
                    while (named.find()) {
                        if (other.getValue().contains(named.group(1))) {
                            found.add(root.relativize(source) + " names " + named.group());
                        }
                    }
                }
            }
        }
        assertThat(found).as("another service's tables named").isEmpty();
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".java")
                    || p.toString().endsWith(".sql") || p.toString().endsWith(".properties")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
