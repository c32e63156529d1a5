package io.xpmsync.contracts;

import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.contracts.kafka.CloudEventHeaders;
import io.xpmsync.contracts.kafka.Topics;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CloudEventHeadersTest {

    private final MappingConfirmed event = new EventCodec().decode(
            GoldenSamples.one(EventType.MAPPING_CONFIRMED, "active-exact.json"), MappingConfirmed.class);

    @Test
    void binary_mode_headers_carry_the_event_attributes() {
        Headers headers = CloudEventHeaders.of(event, "/xpm-sync/mapping-service");

        assertThat(CloudEventHeaders.read(headers, CloudEventHeaders.ID)).isEqualTo(event.eventId().toString());
        assertThat(CloudEventHeaders.read(headers, CloudEventHeaders.TYPE)).isEqualTo("io.xpmsync.mapping.confirmed.v1");
        assertThat(CloudEventHeaders.read(headers, CloudEventHeaders.SOURCE)).isEqualTo("/xpm-sync/mapping-service");
        assertThat(CloudEventHeaders.read(headers, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(CloudEventHeaders.read(headers, CloudEventHeaders.TIME)).isEqualTo("2026-11-25T09:30:18.500Z");
        assertThat(CloudEventHeaders.read(headers, CloudEventHeaders.SUBJECT)).isEqualTo("firm-acme-au");
        assertThat(CloudEventHeaders.read(headers, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
    }

    @Test
    void events_go_to_their_topic_and_dead_letters_to_one_per_consumer_group() {
        assertThat(Topics.topicFor(event)).isEqualTo("sync.mappings.confirmed.v1");
        assertThat(Topics.deadLetter(Topics.MATCHES_PROPOSED, "mapping-service"))
                .isEqualTo("sync.matches.proposed.v1.dlq.mapping-service");
        assertThat(Topics.ALL).filteredOn(t -> t.compacted()).extracting(t -> t.name())
                .containsExactly(Topics.SETTINGS);
    }
}
