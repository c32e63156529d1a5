package io.xpmsync.system;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule of docs/requirements.md has an acceptance test that names it, and every name is of a real rule. */
class RequirementsCoverageTest {

    private static final Pattern RULE = Pattern.compile("^- \\*\\*(R\\d+) ", Pattern.MULTILINE);
    private static final Pattern NAMED = Pattern.compile("^(R\\d+(?:, R\\d+)*) \\S");

    @Test
    void everyRuleIsNamedByAnAcceptanceTest() throws IOException {
        Set<String> rules = new TreeSet<>();
        Matcher rule = RULE.matcher(Files.readString(RunningSystem.root().resolve("docs/requirements.md")));
        while (rule.find()) {
            rules.add(rule.group(1));
        }
        assertThat(rules).as("rules in docs/requirements.md").hasSizeGreaterThanOrEqualTo(20);

        Set<String> named = new TreeSet<>();
        List<String> unnamed = new ArrayList<>();
        for (Method test : SeedRulesAcceptanceTest.class.getDeclaredMethods()) {
            DisplayName name = test.getAnnotation(DisplayName.class);
            if (name == null) {
                continue;
            }
            Matcher numbers = NAMED.matcher(name.value());
            if (numbers.find()) {
                named.addAll(Arrays.asList(numbers.group(1).split(", ")));
            } else {
                unnamed.add(test.getName());
            }
        }
        assertThat(unnamed).as("acceptance tests whose name starts with no rule number").isEmpty();
        assertThat(named).as("rule numbers named by acceptance tests").isSubsetOf(rules);
        assertThat(rules).as("rules with an acceptance test").isSubsetOf(named);
    }
}
