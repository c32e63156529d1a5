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

/** Updates by read-modify-write: what they send is what XPM's spec takes, with only the synced fields changed. */
class XpmUpdatesTest {

    private static final String HELD = """
            <Response api-method="Get"><Status>OK</Status><Client>
              <UUID>5c1e3d9a-0000-4000-8000-000000000001</UUID><Name>Harbour View Holdings</Name>
              <Email>info@harbour.example</Email><Address>12 Circular Quay</Address><City>Sydney</City>
              <Phone>(02) 9000 1000</Phone><Fax>02 9000 1001</Fax><Website>harbour.example</Website>
              <ReferralSource>Word of mouth</ReferralSource><TaxNumber>123 456 789</TaxNumber>
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
    void anUpdateSendsBackWhatXpmHoldsWithOnlyTheSyncedFieldsChanged() {
        XpmClient synced = new XpmClient(null, "Harbour View Holdings", null, null, "accounts@harbour.example",
                "", "", "", "", "", null, null, null, null, null, "02 9000 1000", null, null, null, null, null, null,
                null);

        String request = XpmUpdates.merge(HELD, "Client", XpmUpdates.CLIENT_UPDATE, new XpmXml().write(synced));

        assertThat(request).startsWith("<Client><UUID>5c1e3d9a-0000-4000-8000-000000000001</UUID>")
                .contains("<Email>accounts@harbour.example</Email>", "<Address/>", "<City/>",
                        "<Phone>02 9000 1000</Phone>", "<Fax>02 9000 1001</Fax>", "<WebSite>harbour.example</WebSite>",
                        "<ReferralSource>Word of mouth</ReferralSource>", "<TaxNumber>123 456 789</TaxNumber>",
                        "<AccountManagerUUID>aa000000-0000-4000-8000-000000000002</AccountManagerUUID>",
                        "<BusinessStructure>Company</BusinessStructure>")
                .doesNotContain("<Website>", "IsArchived", "<Type>", "<Notes>", "<Contacts>", "<AccountManager>");
    }

    @Test
    void anElementTheUpdateDoesNotTakeIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> XpmUpdates.merge(HELD, "Client", XpmUpdates.CLIENT_UPDATE,
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
