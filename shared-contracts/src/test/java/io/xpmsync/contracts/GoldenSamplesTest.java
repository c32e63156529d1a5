package io.xpmsync.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xpmsync.contracts.GoldenSamples.Sample;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.SyncEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The golden samples are the contract: producers must write them, consumers must read them. */
class GoldenSamplesTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Sample> samples() {
        return GoldenSamples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void every_sample_validates_against_its_schema(Sample sample) {
        assertThatCode(() -> CODEC.decode(sample.json(), sample.type().recordClass())).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void every_sample_round_trips_through_the_records_unchanged(Sample sample) throws Exception {
        SyncEvent event = CODEC.decode(sample.json(), sample.type().recordClass());

        JsonNode written = JSON.readTree(CODEC.encode(event));

        assertThat(written).isEqualTo(JSON.readTree(sample.json()));
        assertThat(CODEC.decode(CODEC.encode(event), sample.type().recordClass())).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void every_field_of_a_sample_is_declared_in_the_schema(Sample sample) throws Exception {
        assertThat(SchemaModel.undeclaredFields(sample.type(), JSON.readTree(sample.json()))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void snapshot_content_hashes_are_computed_from_the_synced_fields(Sample sample) {
        SyncEvent event = CODEC.decode(sample.json(), sample.type().recordClass());
        ContactSnapshot snapshot = event instanceof ContactChanged c ? c.contact()
                : event instanceof MatchProposed m ? m.xpmRecord() : null;
        if (snapshot != null) {
            assertThat(snapshot.contentHash()).isEqualTo(snapshot.withComputedHash().contentHash());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void every_event_type_has_golden_samples(EventType type) {
        assertThat(GoldenSamples.of(type)).isNotEmpty();
    }

    static EventType[] eventTypes() {
        return EventType.values();
    }
}
