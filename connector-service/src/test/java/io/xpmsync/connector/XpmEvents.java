package io.xpmsync.connector;

import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.testing.KafkaTestClient;
import io.xpmsync.messaging.Outbox;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** What connector-service published on {@code xpm.contacts.changed.v1} for a firm, once its outbox is empty. */
final class XpmEvents {

    private static final EventCodec CODEC = new EventCodec();

    private XpmEvents() {
    }

    static List<ContactChanged> published(String kafka, Outbox outbox, String firmId) {
        await().atMost(Duration.ofMinutes(1)).until(() -> outbox.pending() == 0);
        return new KafkaTestClient(kafka).readAll(Topics.XPM_CONTACTS_CHANGED, Duration.ofMillis(500)).stream()
                .filter(r -> firmId.equals(r.key()))
                .map(r -> CODEC.decode(r.value(), ContactChanged.class))
                .toList();
    }
}
