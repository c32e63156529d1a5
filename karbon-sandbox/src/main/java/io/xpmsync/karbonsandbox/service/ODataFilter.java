package io.xpmsync.karbonsandbox.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of OData {@code $filter} the Karbon API documents for Contacts and Organizations: {@code eq} and
 * {@code contains} on FullName, EmailAddress, PhoneNumber and ContactType, joined by {@code and}. Values compare
 * case-insensitively, as Karbon's do.
 */
public record ODataFilter(List<Condition> conditions) {

    public static final Set<String> FIELDS = Set.of("FullName", "EmailAddress", "PhoneNumber", "ContactType");

    public record Condition(String field, boolean contains, String value) {
    }

    private static final Pattern EQ = Pattern.compile("^(\\w+)\\s+eq\\s+'((?:[^']|'')*)'$");
    private static final Pattern CONTAINS = Pattern.compile("^contains\\(\\s*(\\w+)\\s*,\\s*'((?:[^']|'')*)'\\s*\\)$");
    private static final Pattern AND = Pattern.compile("\\s+and\\s+", Pattern.CASE_INSENSITIVE);

    public static ODataFilter parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return new ODataFilter(List.of());
        }
        List<Condition> conditions = new ArrayList<>();
        for (String part : AND.split(filter.strip())) {
            String term = part.strip();
            Matcher eq = EQ.matcher(term);
            Matcher contains = CONTAINS.matcher(term);
            Condition condition;
            if (eq.matches()) {
                condition = new Condition(eq.group(1), false, unquote(eq.group(2)));
            } else if (contains.matches()) {
                condition = new Condition(contains.group(1), true, unquote(contains.group(2)));
            } else {
                throw KarbonApiException.badRequest("The $filter expression '" + term + "' is not supported: use "
                        + "Field eq 'value' or contains(Field,'value'), joined by 'and'");
            }
            if (!FIELDS.contains(condition.field())) {
                throw KarbonApiException.badRequest("The $filter property '" + condition.field()
                        + "' is not supported: use one of " + FIELDS);
            }
            conditions.add(condition);
        }
        return new ODataFilter(List.copyOf(conditions));
    }

    private static String unquote(String value) {
        return value.replace("''", "'").toLowerCase(Locale.ROOT);
    }
}
