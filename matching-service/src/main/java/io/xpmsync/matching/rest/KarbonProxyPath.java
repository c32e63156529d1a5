package io.xpmsync.matching.rest;

import io.xpmsync.security.ApiProblem;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The path below a firm's Karbon that a proxy call goes on to, made from the request's path as it came (still
 * percent-encoded), so that nothing decoded on the way can turn into a step out of {@code /v3/}: each segment is
 * decoded once only to be checked, and is passed on as it came. A segment that is {@code .} or {@code ..}, or that
 * holds a {@code /} or {@code \} once decoded (or {@code %2F}, {@code %5C}: encoded twice), is refused, as is a path
 * that is not a path (bad percent-encoding, spaces, control characters); refusals are 400 problems naming the field
 * {@code path}.
 */
final class KarbonProxyPath {

    static final String FIELD = "path";
    private static final String PREFIX = "v3";
    /** RFC 3986's path segment: unreserved, sub-delims, ':', '@' and percent-encodings. */
    private static final Pattern SEGMENT = Pattern.compile("(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})*");
    private static final Pattern SEPARATOR_ENCODED = Pattern.compile("%(?:2f|5c)");

    private KarbonProxyPath() {
    }

    /**
     * @param raw the request's path below {@code /internal/karbon/{firmId}/}, as it came ({@code v3/Contacts/4mJ3})
     * @return the same path, checked to stay below {@code /v3/}
     */
    static String of(String raw) {
        if (raw == null || !(raw.equals(PREFIX) || raw.startsWith(PREFIX + "/"))) {
            throw refused("The Karbon proxy serves Karbon's API only: its paths begin with /v3/");
        }
        String[] segments = raw.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            check(segments[i]);
        }
        return raw;
    }

    private static void check(String segment) {
        if (!SEGMENT.matcher(segment).matches()) {
            throw refused("The Karbon path is malformed: '" + shown(segment) + "' is not a percent-encoded path"
                    + " segment (a space, a character not allowed in a URL, or a '%' not followed by two hex digits)");
        }
        if (segment.isEmpty()) {
            throw refused("The Karbon path has an empty segment ('//')");
        }
        String decoded = decoded(segment);
        if (decoded.equals(".") || decoded.equals("..")) {
            throw refused("The Karbon path may not step up or aside ('" + shown(segment) + "'): it stays below /v3/");
        }
        if (decoded.contains("/") || decoded.contains("\\")
                || SEPARATOR_ENCODED.matcher(decoded.toLowerCase(Locale.ROOT)).find()) {
            throw refused("A segment of the Karbon path may not hold a '/' or '\\', encoded or not ('"
                    + shown(segment) + "'): the path stays below /v3/");
        }
        if (decoded.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw refused("The Karbon path is malformed: '" + shown(segment) + "' holds a space or a control"
                    + " character");
        }
    }

    /** Percent-decoding once, as UTF-8 ('+' is a plus in a path, not a space). */
    private static String decoded(String segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String shown(String segment) {
        String shown = segment.length() > 80 ? segment.substring(0, 80) + "…" : segment;
        return shown.replaceAll("[^\\p{Graph}]", "?");
    }

    private static ApiProblem refused(String message) {
        return new ApiProblem(400, message, FIELD);
    }
}
