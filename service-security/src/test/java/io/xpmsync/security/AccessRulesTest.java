package io.xpmsync.security;

import io.xpmsync.security.AccessRules.Caller;
import io.xpmsync.security.AccessRules.Need;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AccessRulesTest {

    private static final Caller ADMIN_OF_A = new Caller(true, Set.of("firm-admin"), Set.of("firm-a"));
    private static final Caller READER_OF_A = new Caller(true, Set.of("firm-reader"), Set.of("firm-a"));
    private static final Caller SERVICE = new Caller(true, Set.of("service"), Set.of());
    private static final Caller PUSH = new Caller(true, Set.of("service"), Set.of(), "push-service");
    private static final Caller MAPPING = new Caller(true, Set.of("service"), Set.of(), "mapping-service");
    private static final Caller OPERATOR = new Caller(true, Set.of("operator"), Set.of());

    @Test
    void aFirmsApiIsForPeopleOfThatFirmOnly() {
        AccessRules.Rule read = AccessRules.of("GET", "/firms/firm-a/mappings", "firm-a");
        assertThat(read.need()).isEqualTo(Need.FIRM_READ);
        assertThat(AccessRules.decide(read, ADMIN_OF_A).allowed()).isTrue();
        assertThat(AccessRules.decide(read, READER_OF_A).allowed()).isTrue();
        assertThat(AccessRules.decide(AccessRules.of("GET", "/firms/firm-b/mappings", "firm-b"), ADMIN_OF_A))
                .satisfies(v -> {
                    assertThat(v.status()).isEqualTo(403);
                    assertThat(v.detail()).isEqualTo("You have no access to the firm 'firm-b'");
                });
        assertThat(AccessRules.decide(read, Caller.ANONYMOUS).status()).isEqualTo(401);
        assertThat(AccessRules.decide(read, SERVICE).status()).isEqualTo(403);
    }

    @Test
    void changingNeedsTheAdministratorsRole() {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            AccessRules.Rule change = AccessRules.of(method, "/firms/firm-a/sync-settings", null);
            assertThat(change).isEqualTo(new AccessRules.Rule(Need.FIRM_CHANGE, "firm-a"));
            assertThat(AccessRules.decide(change, ADMIN_OF_A).allowed()).isTrue();
            assertThat(AccessRules.decide(change, READER_OF_A).status()).isEqualTo(403);
        }
    }

    @Test
    void internalApisAreForServicesAndOperationsForOperators() {
        AccessRules.Rule internal = AccessRules.of("GET", "/internal/firms/firm-a/xpm-access", "firm-a");
        assertThat(AccessRules.decide(internal, PUSH).allowed()).isTrue();
        assertThat(AccessRules.decide(internal, ADMIN_OF_A).status()).isEqualTo(403);
        AccessRules.Rule admin = AccessRules.of("POST", "/admin/dead-letters/replay", null);
        assertThat(AccessRules.decide(admin, OPERATOR).allowed()).isTrue();
        assertThat(AccessRules.decide(admin, SERVICE).status()).isEqualTo(403);
        assertThat(AccessRules.decide(admin, ADMIN_OF_A).status()).isEqualTo(403);
    }

    @Test
    void eachInternalApiIsForItsOneCallerOnly() {
        AccessRules.Rule tokens = AccessRules.of("POST", "/internal/firms/firm-a/xpm-access/rejected", "firm-a");
        AccessRules.Rule proxy = AccessRules.of("GET", "/internal/karbon/firm-a/v3/Contacts", "firm-a");
        assertThat(AccessRules.decide(tokens, PUSH).allowed()).isTrue();
        assertThat(AccessRules.decide(proxy, MAPPING).allowed()).isTrue();
        assertThat(AccessRules.decide(tokens, MAPPING)).isEqualTo(new AccessRules.Verdict(403,
                "Only push-service may call connector-service's XPM access tokens, not 'mapping-service'"));
        assertThat(AccessRules.decide(proxy, PUSH)).isEqualTo(new AccessRules.Verdict(403,
                "Only mapping-service may call matching-service's Karbon proxy, not 'push-service'"));
        // a service token that names no client, and a person's token of the right client id, are refused as well
        assertThat(AccessRules.decide(proxy, SERVICE).detail()).endsWith("not a token that names no client");
        assertThat(AccessRules.decide(proxy, new Caller(true, Set.of("firm-admin"), Set.of("firm-a"),
                "mapping-service")).status()).isEqualTo(403);
        assertThat(AccessRules.decide(proxy, Caller.ANONYMOUS).status()).isEqualTo(401);
        // an internal path no API is named for is nobody's
        assertThat(AccessRules.of("GET", "/internal/something-new", null).need()).isEqualTo(Need.NOBODY);
        assertThat(AccessRules.decide(AccessRules.of("GET", "/internal/something-new", null), PUSH).status())
                .isEqualTo(403);
    }

    @Test
    void optionsIsUnderTheSameRulesAsAnyMethod() {
        AccessRules.Rule options = AccessRules.of("OPTIONS", "/internal/karbon/firm-a/v3/Contacts", null);
        assertThat(AccessRules.decide(options, Caller.ANONYMOUS).status()).isEqualTo(401);
        assertThat(AccessRules.decide(options, PUSH).status()).isEqualTo(403);
        assertThat(AccessRules.decide(AccessRules.of("OPTIONS", "/firms/firm-b/mappings", null), ADMIN_OF_A)
                .status()).isEqualTo(403);
    }

    @Test
    void theClientIsWhatTheTokenNamesInAzpAndClientId() {
        assertThat(AccessFilter.clientId(java.util.Map.of("azp", "push-service", "client_id", "push-service")::get))
                .isEqualTo("push-service");
        assertThat(AccessFilter.clientId(java.util.Map.of("azp", "mapping-service")::get))
                .isEqualTo("mapping-service");
        assertThat(AccessFilter.clientId(java.util.Map.of("client_id", "mapping-service")::get))
                .isEqualTo("mapping-service");
        // two different names: which one is meant is not known, so none
        assertThat(AccessFilter.clientId(java.util.Map.of("azp", "push-service", "client_id", "mapping-service")::get))
                .isNull();
        assertThat(AccessFilter.clientId(java.util.Map.<String, Object>of()::get)).isNull();
    }

    @Test
    void openPathsAreFewAndEverythingElseIsRefused() {
        for (String open : List.of("/q/health/ready", "/q/metrics", "/xpm/callback", "/karbon/webhooks/firm-a")) {
            assertThat(AccessRules.decide(AccessRules.of("GET", open, null), Caller.ANONYMOUS).allowed()).isTrue();
        }
        AccessRules.Rule other = AccessRules.of("GET", "/something-new", null);
        assertThat(other.need()).isEqualTo(Need.NOBODY);
        assertThat(AccessRules.decide(other, OPERATOR).status()).isEqualTo(403);
        // the firm the resource sees wins over the raw path, and a malformed id is never "in" a token
        assertThat(AccessRules.of("GET", "/firms/firm-a%2F..%2Ffirm-b/x", "firm-b").firmId()).isEqualTo("firm-b");
        assertThat(AccessRules.decide(AccessRules.of("GET", "/firms/a b/x", "a b"),
                new Caller(true, Set.of("firm-admin"), Set.of("a b"))).status()).isEqualTo(400);
        assertThat(AccessRules.decide(AccessRules.of("GET", "/firms/a b/x", "a b"), Caller.ANONYMOUS).status())
                .isEqualTo(401);
    }

    @Test
    void theFirmsClaimIsReadAsKeycloakWritesIt() {
        assertThat(AccessFilter.firms(List.of("firm-a", "firm-b"))).containsExactly("firm-a", "firm-b");
        assertThat(AccessFilter.firms("firm-a")).containsExactly("firm-a");
        assertThat(AccessFilter.firms(null)).isEmpty();
    }
}
