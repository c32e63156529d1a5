package io.xpmsync.system;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clone of the repository is all a person has: no source, document or build file may name a path outside it
 * (a folder beside the clone, an absolute path on the machine it was written on), and every relative link of a
 * Markdown document must lead to a file inside the repository.
 */
class RepositoryStandsAloneTest {

    private static final Path ROOT = RunningSystem.root();
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", ".local", "node_modules", ".idea");
    private static final Set<String> TEXT = Set.of("java", "md", "xml", "properties", "yaml", "yml", "json", "html",
            "js", "css", "sh", "txt", "sql", "cmd", "");
    /** The steering folder that lay beside the repository while it was written: its name must not appear. */
    private static final Pattern BESIDE = Pattern.compile("\\.\\./shared\\b|\\bshared/(specs|seed|design|hooks)\\b");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void noFileNamesAPathOutsideTheRepository() {
        String parent = ROOT.toAbsolutePath().normalize().getParent() + "/";
        List<String> found = new ArrayList<>();
        for (Path file : files()) {
            String text = read(file);
            if (text == null || file.endsWith(Path.of("system-tests/src/test/java/io/xpmsync/system/"
                    + getClass().getSimpleName() + ".java"))) {
                continue;
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher beside = BESIDE.matcher(lines[i]);
                if (beside.find()) {
                    found.add(ROOT.relativize(file) + ":" + (i + 1) + " names '" + beside.group() + "'");
                }
                if (parent.length() > 1 && lines[i].contains(parent) && !lines[i].contains(ROOT.toString())) {
                    found.add(ROOT.relativize(file) + ":" + (i + 1) + " names a path under " + parent);
                }
            }
        }
        assertThat(found).as("paths outside the repository").isEmpty();
    }

    @Test
    void everyRelativeMarkdownLinkLeadsToAFileInTheRepository() {
        List<String> broken = new ArrayList<>();
        for (Path file : files()) {
            if (!file.toString().endsWith(".md")) {
                continue;
            }
            Matcher link = MARKDOWN_LINK.matcher(read(file));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("#")) {
                    continue;
                }
                Path resolved = file.getParent().resolve(target.replaceAll("#.*$", "")).normalize();
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(ROOT.relativize(file) + " links to " + target);
                }
            }
        }
        assertThat(broken).as("Markdown links that leave the repository or lead nowhere").isEmpty();
    }

    private static List<Path> files() {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> ROOT.relativize(p).toString().split("/").length > 0)
                    .filter(p -> { // under a skipped folder?
                        for (Path part : ROOT.relativize(p)) {
                            if (SKIPPED_DIRS.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .filter(p -> TEXT.contains(extension(p)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1);
    }

    /** The file's text, or null for a file that is not UTF-8 text. */
    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (MalformedInputException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
