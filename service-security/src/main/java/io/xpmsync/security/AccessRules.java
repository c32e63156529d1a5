package io.xpmsync.security;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Who may call what, the same in every service. A path is one of:
 * <ul>
 * <li>open to anyone: {@code /q/...} (health, metrics, the OpenAPI document; the network keeps them inside the
 * cluster), {@code /xpm/callback} (Xero's redirect, bound to the person who started it by its {@code state}) and
 * {@code /karbon/webhooks/...} (Karbon's notices, checked by their signature);</li>
 * <li>a firm's API, {@code /firms/{firmId}/...}: a person whose token names the firm in its {@code firms} claim,
 * reading ({@code GET}) with the role {@code firm-reader} or {@code firm-admin}, changing anything with
 * {@code firm-admin};</li>
 * <li>an internal API, {@code /internal/...}: the one xpm-sync service that calls it ({@link #INTERNAL_APIS}: role
 * {@code service} and that service's client id in the token), never a person or another service; an internal path
 * that names no API there is refused;</li>
 * <li>operations across firms, {@code /admin/...}: role {@code operator};</li>
 * <li>anything else: nobody, so that an endpoint added without a rule is refused rather than open.</li>
 * </ul>
 */
public final class AccessRules {

    public static final String FIRM_ADMIN = "firm-admin";
    public static final String FIRM_READER = "firm-reader";
    public static final String SERVICE = "service";
    public static final String OPERATOR = "operator";

    private static final Pattern FIRM_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    /** What a firm id is, everywhere: in paths, events and headers. */
    public static final String FIRM_ID_FORMAT = "firm id must be 1 to 100 letters, digits, '.', '-' or '_'";
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    /**
     * Each internal API, by path, and the services that may call it (the client ids their tokens carry). A service
     * calls another's internal API only where this says so: connector-service's XPM access tokens are push-service's
     * (which writes to XPM), matching-service's Karbon proxy is mapping-service's (which writes to Karbon).
     */
    public static final List<InternalApi> INTERNAL_APIS = List.of(
            new InternalApi("/internal/firms/", "connector-service's XPM access tokens", Set.of("push-service")),
            new InternalApi("/internal/karbon/", "matching-service's Karbon proxy", Set.of("mapping-service")));

    private AccessRules() {
    }

    /** An internal API: the paths it serves (a prefix), what it is in words, and the client ids that may call it. */
    public record InternalApi(String prefix, String what, Set<String> callers) {
    }

    /** What a path needs. */
    public enum Need { ANYONE, FIRM_READ, FIRM_CHANGE, SERVICE, OPERATOR, NOBODY }

    /** The rule of one request: what it needs, the firm it concerns (firm APIs only), the internal API it is. */
    public record Rule(Need need, String firmId, InternalApi internalApi) {

        public Rule(Need need, String firmId) {
            this(need, firmId, null);
        }
    }

    /**
     * Who calls: signed in or not, the roles of the token, the firms it names and the client it was issued to
     * (a service's own name; {@code null} when the token does not say).
     */
    public record Caller(boolean authenticated, Set<String> roles, Set<String> firms, String clientId) {

        public static final Caller ANONYMOUS = new Caller(false, Set.of(), Set.of(), null);

        public Caller(boolean authenticated, Set<String> roles, Set<String> firms) {
            this(authenticated, roles, firms, null);
        }
    }

    /** The answer: allowed, or the status (400 for a malformed firm id, 401, 403) with a sentence for the caller. */
    public record Verdict(int status, String detail) {

        static final Verdict ALLOWED = new Verdict(0, null);

        public boolean allowed() {
            return status == 0;
        }
    }

    /**
     * The rule of a request.
     *
     * @param firmId the {@code firmId} path parameter the resource will see, or {@code null} to read it from the path
     */
    public static Rule of(String method, String path, String firmId) {
        String p = path.startsWith("/") ? path : "/" + path;
        if (p.startsWith("/q/") || p.equals("/xpm/callback") || p.startsWith("/karbon/webhooks/")) {
            return new Rule(Need.ANYONE, null);
        }
        if (p.startsWith("/firms/")) {
            String firm = firmId != null ? firmId : segment(p, "/firms/".length());
            return new Rule(READS.contains(method.toUpperCase(java.util.Locale.ROOT)) ? Need.FIRM_READ
                    : Need.FIRM_CHANGE, firm);
        }
        if (p.startsWith("/internal/")) {
            for (InternalApi api : INTERNAL_APIS) {
                if (p.startsWith(api.prefix())) {
                    return new Rule(Need.SERVICE, firmId, api);
                }
            }
            return new Rule(Need.NOBODY, null);
        }
        if (p.startsWith("/admin/") || p.equals("/admin")) {
            return new Rule(Need.OPERATOR, null);
        }
        return new Rule(Need.NOBODY, null);
    }

    /** Whether {@code caller} may do what {@code rule} needs. */
    public static Verdict decide(Rule rule, Caller caller) {
        if (rule.need() == Need.ANYONE) {
            return Verdict.ALLOWED;
        }
        if (!caller.authenticated()) {
            return new Verdict(401, "Sign in first: this API takes a bearer token from xpm-sync's identity provider");
        }
        switch (rule.need()) {
            case FIRM_READ:
            case FIRM_CHANGE:
                if (rule.firmId() == null || !FIRM_ID.matcher(rule.firmId()).matches()) {
                    return new Verdict(400, FIRM_ID_FORMAT);
                }
                if (!caller.firms().contains(rule.firmId())) {
                    return new Verdict(403, "You have no access to the firm '" + printable(rule.firmId()) + "'");
                }
                if (rule.need() == Need.FIRM_CHANGE && !caller.roles().contains(FIRM_ADMIN)) {
                    return new Verdict(403, "Only the firm's administrators may change its contact sync; you may"
                            + " look at it");
                }
                if (rule.need() == Need.FIRM_READ && !caller.roles().contains(FIRM_ADMIN)
                        && !caller.roles().contains(FIRM_READER)) {
                    return new Verdict(403, "Only the firm's people with access to its contact sync may look at it;"
                            + " ask the firm's administrator");
                }
                return Verdict.ALLOWED;
            case SERVICE:
                if (!caller.roles().contains(SERVICE)) {
                    return new Verdict(403, "Only xpm-sync's own services may call this internal API");
                }
                InternalApi api = rule.internalApi();
                if (api == null) {
                    return new Verdict(403, "Nothing is served here without an access rule");
                }
                if (caller.clientId() == null || !api.callers().contains(caller.clientId())) {
                    return new Verdict(403, "Only " + String.join(" and ", new TreeSet<>(api.callers()))
                            + " may call " + api.what() + ", not " + (caller.clientId() == null
                            ? "a token that names no client" : "'" + printable(caller.clientId()) + "'"));
                }
                return Verdict.ALLOWED;
            case OPERATOR:
                return caller.roles().contains(OPERATOR) ? Verdict.ALLOWED
                        : new Verdict(403, "Only operators (role '" + OPERATOR + "') may use this API");
            default:
                return new Verdict(403, "Nothing is served here without an access rule");
        }
    }

    private static String segment(String path, int from) {
        int end = path.indexOf('/', from);
        return end < 0 ? path.substring(from) : path.substring(from, end);
    }

    private static String printable(String firmId) {
        if (firmId == null) {
            return "";
        }
        String shown = firmId.length() > 100 ? firmId.substring(0, 100) + "…" : firmId;
        return shown.replaceAll("[^\\p{Graph} ]", "?");
    }
}
