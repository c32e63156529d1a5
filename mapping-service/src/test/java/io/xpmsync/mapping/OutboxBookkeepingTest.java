package io.xpmsync.mapping;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.mapping.outbox.DebeziumRelay;
import io.xpmsync.mapping.persistence.MappingEntity;
import io.xpmsync.messaging.Retention;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox's bookkeeping, the same in every service: the relay marks what Kafka acknowledged, a relay that stopped
 * shows on the readiness check, and retention prunes published events and old processed-event rows, never an
 * unpublished event.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KarbonStackResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OutboxBookkeepingTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    DebeziumRelay relay;

    @Inject
    Retention retention;

    @Inject
    EntityManager em;

    @TestHTTPResource(value = "health/ready", management = true)
    URL readiness;

    @Test
    void theRelayMarksWhatItSentAStoppedRelayShowsAndRetentionPrunesOnlyPublishedEvents() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        ContactSnapshot acme = KarbonFirm.company("Bookkeeping Ltd", "books@example.com");
        firm.send(firm.verdict(MatchOutcome.NEW, acme, null, List.of(), null));
        MappingEntity mapping = await().atMost(Duration.ofSeconds(60)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> MappingEntity.ofXpm(firm.firmId, acme.ref().id())), Optional::isPresent).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(mapping.id, "published_at IS NOT NULL") == 1);

        relay.stop();
        try {
            RestAssured.delete("/firms/" + firm.firmId + "/mappings/" + mapping.id).then().statusCode(200);
            assertThat(rows(mapping.id, "published_at IS NULL")).isEqualTo(1);
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE outbox_event SET created_at ="
                    + " now() - interval '10 minutes' WHERE published_at IS NULL AND payload LIKE ?1")
                    .setParameter(1, "%" + mapping.id + "%").executeUpdate());
            RestAssured.get(readiness).then().statusCode(503);
            assertThat(RestAssured.get(readiness).asString()).contains("outbox relay",
                    "no instance is relaying the outbox");

            retention.prune(Duration.ofDays(30), Duration.ZERO);
            assertThat(rows(mapping.id, "published_at IS NOT NULL")).as("the published event is pruned").isZero();
            assertThat(rows(mapping.id, "published_at IS NULL")).as("an unpublished event never is").isEqualTo(1);
        } finally {
            relay.start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> rows(mapping.id, "published_at IS NULL") == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> RestAssured.get(readiness).statusCode() == 200);
    }

    @Test
    void retentionPrunesOnlyOldProcessedEventRows() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("INSERT INTO processed_event (consumer,"
                        + " event_id, processed_at) VALUES ('test', ?1, now() - interval '40 days'), ('test', ?2, now())")
                .setParameter(1, old).setParameter(2, recent).executeUpdate());

        Retention.Pruned pruned = retention.prune(Duration.ofDays(30), Duration.ofDays(7));

        assertThat(pruned.processedEvents()).isPositive();
        assertThat(exists("processed_event", old)).isFalse();
        assertThat(exists("processed_event", recent)).isTrue();
    }

    private boolean exists(String table, UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("SELECT count(*) FROM "
                + table + " WHERE event_id = ?1").setParameter(1, eventId).getSingleResult()).longValue() == 1);
    }

    /** The outbox rows about the mapping that match {@code condition}. */
    private long rows(UUID mappingId, String condition) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("SELECT count(*) FROM"
                + " outbox_event WHERE " + condition + " AND payload LIKE ?1").setParameter(1, "%" + mappingId + "%")
                .getSingleResult()).longValue());
    }

}
