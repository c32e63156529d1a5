package io.xpmsync.client.xpm;

import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmResponse;
import io.xpmsync.specs.Specs;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What a client entry of {@code client.api/list} says about the fields only {@code client.api/get} may answer. */
class XpmClientShapeTest {

    private final XpmXml xml = new XpmXml();

    @Test
    void aListEntryAsXerosExampleShowsItLacksTheBusinessStructureAndProspectFlag() {
        XpmClient first = xml.read(Specs.xpmXml("client-list.response.xml"), XpmResponse.class).clients().get(0);
        assertThat(first.lacksGetOnlyFields()).isTrue();
        assertThat(first.prospect()).isFalse();
    }

    @Test
    void emptyElementsAreAnAnswerAndYesMarksAProspect() {
        XpmClient client = xml.read("<Response><Status>OK</Status><Client><UUID>a</UUID><Name>Kauri Ltd</Name>"
                + "<BusinessStructure /><IsProspect>Yes</IsProspect></Client></Response>", XpmResponse.class).client();
        assertThat(client.lacksGetOnlyFields()).isFalse();
        assertThat(client.prospect()).isTrue();
        assertThat(client.withoutGetOnlyFields().lacksGetOnlyFields()).isTrue();
        assertThat(xml.write(client.withoutGetOnlyFields())).doesNotContain("BusinessStructure", "IsProspect");
    }

    @Test
    void aClientAddedFromKarbonIsSentAsAClientNeverAProspectItsContactsLast() {
        XpmApi api = new XpmApi(new XpmApiConfig(URI.create("http://127.0.0.1:9/"), 1, Duration.ofMillis(10),
                Duration.ofSeconds(1), Duration.ofMinutes(1)), null, XpmCallBudget.share(1), Duration.ofSeconds(1));
        XpmClient fromKarbon = xml.read("<Client><Name>Kauri Ltd</Name><IsProspect>Yes</IsProspect><Contacts>"
                + "<Contact><Name>Rua</Name></Contact></Contacts></Client>", XpmClient.class);

        String sent = api.addRequest(fromKarbon);

        assertThat(sent).contains("<IsProspect>No</IsProspect>").doesNotContain("<IsProspect>Yes");
        assertThat(sent.indexOf("<IsProspect>")).isLessThan(sent.indexOf("<Contacts>"));
    }
}
