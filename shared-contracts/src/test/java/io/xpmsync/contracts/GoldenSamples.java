package io.xpmsync.contracts;

import io.xpmsync.contracts.events.EventType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The golden JSON samples under {@code golden/<schema name>/}, one folder per event type. */
public final class GoldenSamples {

    public record Sample(EventType type, String name, String json) {
        @Override
        public String toString() {
            return type.simpleName() + " " + name;
        }
    }

    private GoldenSamples() {
    }

    public static List<Sample> all() {
        List<Sample> samples = new ArrayList<>();
        for (EventType type : EventType.values()) {
            samples.addAll(of(type));
        }
        return samples;
    }

    public static List<Sample> of(EventType type) {
        String folder = "golden/" + type.schemaResource().replace("schemas/", "").replace(".v1.schema.json", "");
        URL url = GoldenSamples.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalStateException("no golden samples for " + type + " in " + folder);
        }
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return list(Path.of(uri), type, folder);
            }
            // Read from the test jar when another module depends on it.
            synchronized (GoldenSamples.class) {
                FileSystem jar;
                boolean opened = false;
                try {
                    jar = FileSystems.newFileSystem(uri, Map.of());
                    opened = true;
                } catch (FileSystemAlreadyExistsException e) {
                    jar = FileSystems.getFileSystem(uri);
                }
                try {
                    return list(jar.getPath(folder), type, folder);
                } finally {
                    if (opened) {
                        jar.close();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Sample> list(Path dir, EventType type, String folder) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Sample> samples = files.filter(p -> p.toString().endsWith(".json")).sorted()
                    .map(p -> new Sample(type, p.getFileName().toString(), read(p)))
                    .toList();
            if (samples.isEmpty()) {
                throw new IllegalStateException("no golden samples for " + type + " in " + folder);
            }
            return samples;
        }
    }

    public static String one(EventType type, String name) {
        return of(type).stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().json();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
