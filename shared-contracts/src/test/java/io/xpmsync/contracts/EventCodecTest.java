package io.xpmsync.contracts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.InvalidEventException;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A consumer must reject what it cannot trust, saying which field is wrong. */
class EventCodecTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String XPM_CLIENT = GoldenSamples.one(EventType.CONTACT_CHANGED, "xpm-client-full.json");

    @Test
    void malformed_json_is_rejected_with_its_position() {
        assertThatThrownBy(() -> CODEC.decode("{\"eventId\": \"abc\", ", ContactChanged.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("ContactChanged payload is not well-formed JSON at line 1");
    }

    @Test
    void empty_and_non_object_payloads_are_rejected() {
        assertThatThrownBy(() -> CODEC.decode("", ContactChanged.class)).hasMessageContaining("payload is empty");
        assertThatThrownBy(() -> CODEC.decode("[1,2]", ContactChanged.class))
                .hasMessageContaining("must be a JSON object, not array");
    }

    @Test
    void an_unknown_schema_version_is_rejected_naming_the_field() {
        InvalidEventException e = rejected(XPM_CLIENT, json -> json.put("schemaVersion", 2));

        assertThat(e.field()).isEqualTo("/schemaVersion");
        assertThat(e).hasMessage("ContactChanged schemaVersion 2 is not supported (this reader understands 1)");
    }

    @Test
    void a_missing_schema_version_is_rejected() {
        InvalidEventException e = rejected(XPM_CLIENT, json -> json.remove("schemaVersion"));

        assertThat(e.field()).isEqualTo("/schemaVersion");
    }

    @Test
    void a_removed_required_field_is_rejected_naming_it() {
        InvalidEventException e = rejected(XPM_CLIENT, json -> ((ObjectNode) json.get("contact")).remove("name"));

        assertThat(e.getMessage()).contains("/contact").contains("name");
    }

    @Test
    void a_renamed_field_is_rejected_naming_the_missing_one() {
        InvalidEventException e = rejected(XPM_CLIENT, json -> json.set("firm", json.remove("firmId")));

        assertThat(e.getMessage()).contains("firmId");
    }

    @Test
    void a_value_outside_an_enum_is_rejected_naming_the_field() {
        InvalidEventException e = rejected(XPM_CLIENT, json -> json.put("change", "MERGED"));

        assertThat(e.field()).isEqualTo("/change");
    }

    @Test
    void a_malformed_uuid_is_rejected_naming_the_field() {
        InvalidEventException e = rejected(XPM_CLIENT, json -> json.put("eventId", "not-a-uuid"));

        assertThat(e.field()).isEqualTo("/eventId");
    }

    @Test
    void a_wrong_type_deep_inside_is_rejected_naming_the_field() {
        InvalidEventException e = rejected(XPM_CLIENT,
                json -> ((ObjectNode) json.get("contact")).put("archived", "Yes"));

        assertThat(e.field()).isEqualTo("/contact/archived");
    }

    @Test
    void a_payload_of_another_event_type_is_rejected() {
        String settings = GoldenSamples.one(EventType.SYNC_SETTINGS_CHANGED, "clients-and-contacts.json");

        assertThatThrownBy(() -> CODEC.decode(settings, MatchProposed.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("MatchProposed does not match its schema");
    }

    @Test
    void fields_added_by_a_newer_producer_are_ignored() {
        String withExtra = edit(XPM_CLIENT, json -> json.put("addedLater", "x"));

        assertThat(CODEC.decode(withExtra, ContactChanged.class).firmId()).isEqualTo("firm-acme-au");
    }

    @Test
    void null_fields_are_left_out_when_writing() {
        SyncSettingsChanged event = CODEC.decode(
                GoldenSamples.one(EventType.SYNC_SETTINGS_CHANGED, "push-nothing.json"), SyncSettingsChanged.class);

        assertThat(CODEC.encode(event)).doesNotContain("null").doesNotContain("syncRunId");
    }

    @Test
    void xpm_ids_are_compared_case_insensitively() {
        String upper = XPM_CLIENT.replace("46ae1f6c-8b8a-4d3c-a41e-5bd3c1a1e9e2", "46AE1F6C-8B8A-4D3C-A41E-5BD3C1A1E9E2");

        assertThat(CODEC.decode(upper, ContactChanged.class).contact().ref())
                .isEqualTo(CODEC.decode(XPM_CLIENT, ContactChanged.class).contact().ref());
    }

    private static InvalidEventException rejected(String sample, Consumer<ObjectNode> change) {
        String payload = edit(sample, change);
        try {
            CODEC.decode(payload, ContactChanged.class);
        } catch (InvalidEventException e) {
            return e;
        }
        throw new AssertionError("accepted an invalid payload: " + payload);
    }

    private static String edit(String sample, Consumer<ObjectNode> change) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(sample);
            change.accept(json);
            return JSON.writeValueAsString(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
