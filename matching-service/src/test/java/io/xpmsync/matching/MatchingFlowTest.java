package io.xpmsync.matching;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.contracts.events.MappingState;
import io.xpmsync.contracts.events.MatchMethod;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.SyncEvent;
import io.xpmsync.contracts.kafka.CloudEventHeaders;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.testing.KafkaTestClient;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The matching flow through the real broker and database: Karbon changes feed the index, XPM changes get verdicts. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class MatchingFlowTest {

    private static final EventCodec CODEC = new EventCodec();

    @Inject
    DataSource dataSource;

    private final String firm = "firm-" + UUID.randomUUID();
    private final KafkaTestClient kafka = new KafkaTestClient(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));

    @Test
    void a_karbon_change_reaches_the_index_before_the_next_match_and_the_xpm_change_is_exact() {
        ContactRef kauri = ContactRef.karbonOrganization("K-" + UUID.randomUUID());
        publish(karbonChange(kauri, "Kauri Bay Holdings", "accounts@kauribay.example"));
        await().atMost(Duration.ofSeconds(30)).until(() -> indexed(kauri.id()));

        ContactChanged xpm = xpmChange(ContactRef.xpmClient(UUID.randomUUID().toString()), "KAURI  BAY HOLDINGS",
                " Accounts@KauriBay.example");
        publish(xpm);

        ConsumerRecord<String, String> record = verdictFor(xpm);
        MatchProposed proposed = CODEC.decode(record.value(), MatchProposed.class);
        assertThat(proposed.outcome()).isEqualTo(MatchOutcome.EXACT);
        assertThat(proposed.karbonRef()).isEqualTo(kauri);
        assertThat(proposed.xpmRecord()).isEqualTo(xpm.contact());
        assertThat(proposed.syncRunId()).isEqualTo(xpm.syncRunId());
        assertThat(proposed.xpmReadAt()).as("when XPM was read: a value read before the last agreement never wins")
                .isEqualTo(xpm.occurredAt());
        assertThat(record.key()).isEqualTo(firm);
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE))
                .isEqualTo(EventType.MATCH_PROPOSED.cloudEventType());
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID))
                .isEqualTo(proposed.eventId().toString());
    }

    @Test
    void a_mapped_record_is_linked_and_an_unknown_one_is_new() {
        ContactRef karbon = ContactRef.karbonPerson("K-" + UUID.randomUUID());
        ContactRef xpmRef = ContactRef.xpmClient(UUID.randomUUID().toString());
        publish(new MappingConfirmed(UUID.randomUUID(), firm, Instant.now(), 1, null, UUID.randomUUID(), xpmRef,
                karbon, MappingState.ACTIVE, MatchMethod.CREATED_IN_KARBON, null));
        // Mappings and XPM changes travel on different topics: nothing orders one before the other.
        await().atMost(Duration.ofSeconds(30)).until(() -> mapped(xpmRef.id()));
        ContactChanged unknown = xpmChange(ContactRef.xpmClient(UUID.randomUUID().toString()), "Totara Timber",
                "t@totara.example");
        publish(unknown);
        assertThat(CODEC.decode(verdictFor(unknown).value(), MatchProposed.class).outcome())
                .isEqualTo(MatchOutcome.NEW);

        ContactChanged renamed = xpmChange(xpmRef, "Renamed Since", "renamed@example.com");
        publish(renamed);

        MatchProposed proposed = CODEC.decode(verdictFor(renamed).value(), MatchProposed.class);
        assertThat(proposed.outcome()).isEqualTo(MatchOutcome.LINKED);
        assertThat(proposed.karbonRef()).isEqualTo(karbon);
    }

    @Test
    void a_partial_match_carries_its_ranked_candidates() {
        ContactRef a = ContactRef.karbonOrganization("K-A-" + UUID.randomUUID());
        ContactRef b = ContactRef.karbonOrganization("K-B-" + UUID.randomUUID());
        publish(karbonChange(a, "Rimu Partners", "old@rimu.example"));
        publish(karbonChange(b, "Rimu Partners Ltd", "office@rimu.example"));
        await().atMost(Duration.ofSeconds(30)).until(() -> indexed(a.id()) && indexed(b.id()));

        ContactChanged xpm = xpmChange(ContactRef.xpmClient(UUID.randomUUID().toString()), "Rimu Partners",
                "office@rimu.example");
        publish(xpm);

        MatchProposed proposed = CODEC.decode(verdictFor(xpm).value(), MatchProposed.class);
        assertThat(proposed.outcome()).isEqualTo(MatchOutcome.PARTIAL);
        assertThat(proposed.candidates()).extracting(c -> c.karbonRef()).containsExactlyInAnyOrder(a, b);
        assertThat(proposed.candidates()).extracting(c -> c.rank()).containsExactly(1, 2);
    }

    @Test
    void the_same_xpm_event_twice_gives_one_verdict() {
        ContactChanged xpm = xpmChange(ContactRef.xpmClient(UUID.randomUUID().toString()), "Once Only Ltd",
                "once@example.com");
        publish(xpm);
        publish(xpm);
        ContactChanged marker = xpmChange(ContactRef.xpmClient(UUID.randomUUID().toString()), "Marker Ltd",
                "marker@example.com");
        publish(marker);
        verdictFor(marker);

        List<ConsumerRecord<String, String>> verdicts = kafka.readAll(Topics.MATCHES_PROPOSED, Duration.ofSeconds(3));
        assertThat(verdicts).filteredOn(r -> r.value().contains(xpm.eventId().toString())).hasSize(1);
    }

    @Test
    void a_poison_record_and_a_record_that_fails_on_its_own_are_dead_lettered_and_the_rest_of_their_batch_goes_on() {
        ContactChanged before = xpmChange(ContactRef.xpmClient(UUID.randomUUID().toString()), "Before Poison Ltd",
                "before@example.com");
        ContactChanged wrongOrigin = ContactChanged.of(firm, UUID.randomUUID(), SourceSystem.KARBON,
                ChangeKind.UPDATED, snapshot(ContactRef.karbonOrganization("K-" + UUID.randomUUID()),
                        "Not From Xpm Ltd", "nx@example.com", null));
        ContactChanged after = xpmChange(ContactRef.xpmClient(UUID.randomUUID().toString()), "After Poison Ltd",
                "after@example.com");
        String poison = "{\"eventId\": \"" + UUID.randomUUID() + "\", not json";
        // One send of four records: they reach the consumer in one poll batch (or more; the outcome is the same).
        kafka.sendAll(Topics.XPM_CONTACTS_CHANGED, firm, List.of(CODEC.encode(before), poison,
                CODEC.encode(wrongOrigin), CODEC.encode(after)));

        assertThat(CODEC.decode(verdictFor(before).value(), MatchProposed.class).outcome()).isEqualTo(MatchOutcome.NEW);
        assertThat(CODEC.decode(verdictFor(after).value(), MatchProposed.class).outcome()).isEqualTo(MatchOutcome.NEW);
        String deadLetters = "xpm.contacts.changed.v1.dlq.matching-service";
        ConsumerRecord<String, String> parked = kafka.awaitRecord(deadLetters, r -> poison.equals(r.value()),
                Duration.ofSeconds(60));
        assertThat(parked.key()).isEqualTo(firm);
        assertThat(header(parked, "dead-letter-reason")).isNotBlank();
        assertThat(header(parked, "dead-letter-topic")).isEqualTo(Topics.XPM_CONTACTS_CHANGED);
        assertThat(header(parked, "dead-letter-offset")).matches("\\d+");
        ConsumerRecord<String, String> refused = kafka.awaitRecord(deadLetters,
                r -> r.value().contains(wrongOrigin.eventId().toString()), Duration.ofSeconds(60));
        assertThat(header(refused, "dead-letter-reason")).contains("not an XPM change");
        assertThat(kafka.readAll(Topics.MATCHES_PROPOSED, Duration.ofSeconds(2)))
                .noneMatch(r -> r.value().contains(wrongOrigin.eventId().toString()));

        // an event keyed by one firm that names another is trusted with neither
        ContactChanged elsewhere = xpmChange(ContactRef.xpmClient(UUID.randomUUID().toString()), "Other Firm Ltd",
                "other@example.com");
        kafka.send(Topics.XPM_CONTACTS_CHANGED, "firm-" + UUID.randomUUID(), CODEC.encode(elsewhere));
        ConsumerRecord<String, String> mismatched = kafka.awaitRecord(deadLetters,
                r -> r.value().contains(elsewhere.eventId().toString()), Duration.ofSeconds(60));
        assertThat(header(mismatched, "dead-letter-reason")).contains("differs from its Kafka key");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private void publish(SyncEvent event) {
        kafka.send(Topics.topicFor(event), event.firmId(), CODEC.encode(event));
    }

    private ConsumerRecord<String, String> verdictFor(ContactChanged xpm) {
        return kafka.awaitRecord(Topics.MATCHES_PROPOSED,
                r -> r.value().contains("\"sourceEventId\":\"" + xpm.eventId() + "\""), Duration.ofSeconds(60));
    }

    private ContactChanged karbonChange(ContactRef ref, String name, String email) {
        return ContactChanged.of(firm, null, SourceSystem.KARBON, ChangeKind.CREATED,
                snapshot(ref, name, email, null));
    }

    private ContactChanged xpmChange(ContactRef ref, String name, String email) {
        return ContactChanged.of(firm, UUID.randomUUID(), SourceSystem.XPM, ChangeKind.UPDATED,
                snapshot(ref, name, email, "Company"));
    }

    private static ContactSnapshot snapshot(ContactRef ref, String name, String email, String structure) {
        return new ContactSnapshot(ref, name, null, null, List.of(email), List.of(), null, null, structure, null,
                List.of(), false, false, null).withComputedHash();
    }

    private boolean mapped(String xpmId) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM mapping WHERE xpm_id = ? AND state = 'ACTIVE'")) {
            s.setString(1, xpmId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    private boolean indexed(String karbonKey) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM karbon_contact WHERE karbon_key = ?")) {
            s.setString(1, karbonKey);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }
}
