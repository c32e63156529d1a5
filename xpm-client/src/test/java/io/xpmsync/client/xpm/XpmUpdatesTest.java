package io.xpmsync.client.xpm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.specs.Specs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Updates send what XPM's spec takes and xpm-sync owns: the record's name and UUID and the changed synced fields. */
class XpmUpdatesTest {

    private static final String HELD = """
            <Response api-method="Get"><Status>OK</Status><Client>
              <UUID>5c1e3d9a-0000-4000-8000-000000000001</UUID><Name>Harbour View Holdings</Name>
              <Email>info@harbour.example</Email><Address>12 Circular Quay</Address><City>Sydney</City>
              <Phone>(02) 9000 1000</Phone><Fax>02 9000 1001</Fax><Website>harbour.example</Website>
              <ReferralSource>Word of mouth</ReferralSource><TaxNumber>******789</TaxNumber><GSTPeriod>Two Monthly</GSTPeriod>
              <AccountManager><UUID>aa000000-0000-4000-8000-000000000002</UUID><Name>Ana Manager</Name></AccountManager>
              <BusinessStructure>Company</BusinessStructure><IsArchived>No</IsArchived>
              <Type><Name>Monthly</Name></Type><Notes><Note><Title>Keep</Title></Note></Notes>
              <Contacts><Contact><UUID>c1</UUID><Name>Mere</Name></Contact></Contacts>
            </Client></Response>""";

    @Test
    void theUpdatableElementsAreThoseOfXpmsSpec() throws Exception {
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(Specs.read(Specs.XPM_OPENAPI));
        assertThat(lower(XpmUpdates.CLIENT_UPDATE)).containsExactlyInAnyOrderElementsOf(
                properties(spec, "ClientUpdateRequestDto"));
        assertThat(lower(XpmUpdates.CONTACT_UPDATE)).containsExactlyInAnyOrderElementsOf(
                properties(spec, "ContactRequestDto").stream().filter(p -> !p.equals("client")).toList());
    }

    @Test
    void everyFieldTheSpecTypesDifferentlyInTheAnswerAndTheUpdateIsNeverSentBack() throws Exception {
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(Specs.read(Specs.XPM_OPENAPI));
        JsonNode read = spec.path("components").path("schemas").path("ClientBaseDto").path("properties");
        JsonNode write = spec.path("components").path("schemas").path("ClientUpdateRequestDto").path("properties");
        List<String> differing = new ArrayList<>();
        write.fieldNames().forEachRemaining(name -> {
            JsonNode answered = read.path(name);
            if (!answered.isMissingNode() && !answered.path("type").equals(write.path(name).path("type"))) {
                differing.add(name.toLowerCase(Locale.ROOT));
            }
        });
        assertThat(differing).as("the spec's own evidence").contains("gstperiod", "balancemonth");
        assertThat(lower(XpmUpdates.READ_IN_ANOTHER_FORM)).containsAll(differing).contains("taxnumber",
                "dateofbirth", "accountmanageruuid");
    }

    @Test
    void anUpdateSendsTheUuidTheNameAndOnlyTheChangedSyncedFields() {
        XpmClient synced = new XpmClient(null, null, null, null, "accounts@harbour.example",
                "", "", null, null, null, null, null, null, null, null, "02 9000 1000", null, null, null, null, null, null,
                null, null, null);

        String request = XpmUpdates.merge(HELD, "Client", XpmUpdates.CLIENT_UPDATE, XpmUpdates.CLIENT_REQUIRED,
                new XpmXml().write(synced));

        assertThat(request).isEqualTo("<Client><UUID>5c1e3d9a-0000-4000-8000-000000000001</UUID>"
                + "<Name>Harbour View Holdings</Name><Email>accounts@harbour.example</Email><Address/><City/>"
                + "<Phone>02 9000 1000</Phone></Client>");
    }

    @Test
    void aContactsUpdateSendsItsNameAndTheChangedFields() {
        String held = "<Response><Status>OK</Status><Contact><UUID>c1</UUID><Name>Mere Tait</Name>"
                + "<Salutation>Mere</Salutation><Mobile>021 1</Mobile><Position>Director</Position></Contact></Response>";

        assertThat(XpmUpdates.merge(held, "Contact", XpmUpdates.CONTACT_UPDATE, XpmUpdates.CONTACT_REQUIRED,
                "<Contact><Email>mere@tait.example</Email></Contact>"))
                .isEqualTo("<Contact><Name>Mere Tait</Name><Email>mere@tait.example</Email></Contact>");
    }

    @Test
    void aChangeCarryingAFieldXpmReadsInAnotherFormIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> XpmUpdates.merge(HELD, "Client", XpmUpdates.CLIENT_UPDATE, XpmUpdates.CLIENT_REQUIRED,
                "<Client><TaxNumber>******789</TaxNumber></Client>")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<taxnumber>", "another form");
    }

    @Test
    void anElementTheUpdateDoesNotTakeIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> XpmUpdates.merge(HELD, "Client", XpmUpdates.CLIENT_UPDATE, XpmUpdates.CLIENT_REQUIRED,
                "<Client><IsArchived>Yes</IsArchived></Client>")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("isarchived");
    }

    private static List<String> properties(JsonNode spec, String schema) {
        JsonNode node = spec.path("components").path("schemas").path(schema).path("properties");
        assertThat(node.isObject()).as(schema + " in the spec").isTrue();
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(n -> names.add(n.toLowerCase(Locale.ROOT)));
        return names;
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }
}
