package io.xpmsync.infra.testing;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Access tokens for a service's own {@code @QuarkusTest}s, signed with a key pair made for this test JVM, and the
 * smallest identity provider that vouches for them: an OpenID discovery document and its key set, served on
 * 127.0.0.1 by this JVM ({@link #issuer()}), so that the service under test and the services started beside it check
 * these tokens exactly as they check a real provider's (the system tests use Keycloak itself). {@link #filter()} gives every RestAssured request the
 * token its path needs, unless it has an {@code Authorization} header already: a path naming a firm
 * ({@code /firms/{id}}) a token of that firm's administrator, {@code /internal/...} the token of the service that
 * calls that internal API (service-security's {@code AccessRules.INTERNAL_APIS}), {@code /admin/...} an operator's.
 */
public final class TestTokens {

    public static final String AUDIENCE = "xpm-sync";
    private static final String KEY_ID = "test-key";
    private static final String KEYS_PROPERTY = "xpmsync.test-tokens.keys";
    private static final String ISSUER_PROPERTY = "xpmsync.test-tokens.issuer";
    private static final KeyPair KEYS = keys();
    /** A firm's API, the service's own ({@code /firms/{id}/...}) or through the console ({@code /api/.../firms/{id}}). */
    private static final java.util.regex.Pattern FIRM = java.util.regex.Pattern.compile("/firms/([^/?]+)");

    private TestTokens() {
    }

    /** The configuration that makes a service accept these tokens: this JVM's provider as its identity provider. */
    public static Map<String, String> serviceConfig() {
        return Map.of("quarkus.oidc.auth-server-url", issuer(), "quarkus.oidc-client.xpm-sync.auth-server-url",
                issuer());
    }

    /** The same, as the environment of a service started as a process beside the test. */
    public static Map<String, String> serviceEnv() {
        return Map.of("XPMSYNC_OIDC_URL", issuer());
    }

    /**
     * The issuer of these tokens: the base URL of this JVM's provider, started on first use. Quarkus loads test classes
     * in more than one class loader, so the provider and its keys are kept for the JVM (system properties), not per
     * class.
     */
    public static String issuer() {
        synchronized (System.getProperties()) {
            String started = System.getProperty(ISSUER_PROPERTY);
            if (started != null) {
                return started;
            }
            com.sun.net.httpserver.HttpServer provider;
            try {
                provider = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(
                        java.net.InetAddress.getLoopbackAddress(), 0), 0);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot start the tests' identity provider", e);
            }
            String issuer = "http://127.0.0.1:" + provider.getAddress().getPort() + "/realms/tests";
            org.jose4j.jwk.RsaJsonWebKey key = new org.jose4j.jwk.RsaJsonWebKey(
                    (java.security.interfaces.RSAPublicKey) KEYS.getPublic());
            key.setKeyId(KEY_ID);
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
            serve(provider, "/realms/tests/.well-known/openid-configuration", "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\""
                    + issuer + "/certs\",\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\""
                    + issuer + "/token\",\"end_session_endpoint\":\"" + issuer + "/logout\"}");
            serve(provider, "/realms/tests/certs", new org.jose4j.jwk.JsonWebKeySet(key).toJson());
            provider.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> provider.stop(0), "tests-identity-provider-stop"));
            System.setProperty(ISSUER_PROPERTY, issuer);
            return issuer;
        }
    }

    private static void serve(com.sun.net.httpserver.HttpServer provider, String path, String json) {
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        provider.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    /** A person's token naming {@code firms}, with {@code roles}. */
    public static String person(List<String> firms, String... roles) {
        return sign(firms, List.of(roles), "person-" + UUID.randomUUID());
    }

    /** A person's token as {@link #person}, with their name ({@code name} claim) as the identity provider gives it. */
    public static String personNamed(String name, List<String> firms, String... roles) {
        return sign(firms, List.of(roles), "person-" + UUID.randomUUID(), name);
    }

    /**
     * A person's token as {@link #person}, but meant for {@code audience} ({@code null}: none), as an ID token or another
     * client's token is: xpm-sync's parts refuse it.
     */
    public static String personFor(String audience, List<String> firms, String... roles) {
        return sign(firms, List.of(roles), "person-" + UUID.randomUUID(), null, null, audience);
    }

    /** A token of xpm-sync's own services (role {@code service}) that names no service: no internal API takes it. */
    public static String service() {
        return sign(List.of(), List.of("service"), "service-account-test");
    }

    /**
     * A token of the xpm-sync service {@code clientId} (role {@code service}), naming it as Keycloak does for a
     * client-credentials grant: {@code azp} and {@code client_id}.
     */
    public static String service(String clientId) {
        return sign(List.of(), List.of("service"), "service-account-" + clientId, null, clientId);
    }

    /** The service that calls the internal API at {@code path}, as service-security's access rules name it. */
    static String callerOf(String path) {
        return path.startsWith("/internal/karbon/") ? "mapping-service" : "push-service";
    }

    /** The token a request to {@code path} needs, as described above; none for open paths. */
    public static String forPath(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        if (p.startsWith("/internal/")) {
            return service(callerOf(p));
        }
        if (p.startsWith("/admin/")) {
            return sign(List.of(), List.of("operator"), "operator-test");
        }
        java.util.regex.Matcher firm = FIRM.matcher(p);
        if (firm.find()) {
            return person(List.of(java.net.URLDecoder.decode(firm.group(1), java.nio.charset.StandardCharsets.UTF_8)),
                    "firm-admin", "firm-reader");
        }
        return null;
    }

    /** A RestAssured filter that adds {@link #forPath}'s token to requests without an {@code Authorization}. */
    public static Filter filter() {
        return new Filter() {
            @Override
            public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                                   FilterContext context) {
                if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                    String path = request.getDerivedPath() == null || request.getDerivedPath().isEmpty()
                            ? java.net.URI.create(request.getURI()).getRawPath() : request.getDerivedPath();
                    String token = forPath(path);
                    if (token != null) {
                        request.header("Authorization", "Bearer " + token);
                    }
                }
                return context.next(request, response);
            }
        };
    }

    private static String sign(List<String> firms, List<String> roles, String subject) {
        return sign(firms, roles, subject, null);
    }

    private static String sign(List<String> firms, List<String> roles, String subject, String name) {
        return sign(firms, roles, subject, name, null);
    }

    private static String sign(List<String> firms, List<String> roles, String subject, String name, String client) {
        return sign(firms, roles, subject, name, client, AUDIENCE);
    }

    private static String sign(List<String> firms, List<String> roles, String subject, String name, String client,
                               String audience) {
        JwtClaims claims = new JwtClaims();
        if (name != null) {
            claims.setClaim("name", name);
        }
        if (client != null) {
            claims.setClaim("azp", client);
            claims.setClaim("client_id", client);
        }
        claims.setIssuer(issuer());
        if (audience != null) {
            claims.setAudience(audience);
        }
        claims.setSubject(subject);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(30);
        claims.setGeneratedJwtId();
        claims.setClaim("preferred_username", subject);
        claims.setClaim("realm_access", Map.of("roles", roles));
        claims.setStringListClaim("firms", firms);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(KEYS.getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(KEY_ID);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }

    private static KeyPair keys() {
        synchronized (System.getProperties()) {
            try {
                java.security.KeyFactory rsa = java.security.KeyFactory.getInstance("RSA");
                String kept = System.getProperty(KEYS_PROPERTY);
                if (kept != null) {
                    String[] parts = kept.split(":");
                    return new KeyPair(rsa.generatePublic(new java.security.spec.X509EncodedKeySpec(
                            java.util.Base64.getDecoder().decode(parts[0]))),
                            rsa.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                                    java.util.Base64.getDecoder().decode(parts[1]))));
                }
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair keys = generator.generateKeyPair();
                System.setProperty(KEYS_PROPERTY, java.util.Base64.getEncoder().encodeToString(
                        keys.getPublic().getEncoded()) + ":" + java.util.Base64.getEncoder().encodeToString(
                        keys.getPrivate().getEncoded()));
                return keys;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
