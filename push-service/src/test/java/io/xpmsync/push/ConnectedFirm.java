package io.xpmsync.push;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.xpmsync.client.xpm.XpmXml;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmResponse;
import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.contracts.events.MappingState;
import io.xpmsync.contracts.events.MatchMethod;
import io.xpmsync.contracts.events.SyncEvent;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.testing.KafkaTestClient;

import java.net.URI;
import java.time.Duration;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * A firm connected to an XPM sandbox practice through connector-service's real Connect flow, with helpers to send
 * what the Karbon platform and mapping-service would send, and to read the practice back.
 */
final class ConnectedFirm {

    static final EventCodec CODEC = new EventCodec();

    final String firmId = "firm-" + UUID.randomUUID();
    final String tenantId;
    final KafkaTestClient kafka;

    ConnectedFirm(String bootstrapServers, List<String> pushedTypes) {
        kafka = new KafkaTestClient(bootstrapServers);
        String email = "owner-" + UUID.randomUUID() + "@practice.example";
        tenantId = sandbox().contentType(ContentType.JSON)
                .body(Map.of("name", "Push Practice", "ownerEmail", email, "ownerPassword", "pw"))
                .post("/admin/practices").then().statusCode(201).extract().path("tenantId");
        var started = connector().contentType(ContentType.JSON).body(Map.of("country", "NZ"))
                .post("/firms/" + firmId + "/xpm-connection").then().statusCode(200).extract();
        String authorize = started.path("authorizeUrl");
        Map<String, String> query = new HashMap<>();
        for (String pair : URI.create(authorize).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        String callback = sandbox().redirects().follow(false).formParams(Map.of("client_id", query.get("client_id"),
                        "redirect_uri", query.get("redirect_uri"), "scope", query.get("scope"), "state", query.get("state"),
                        "code_challenge", query.get("code_challenge"), "code_challenge_method",
                        query.get("code_challenge_method"), "email", email, "password", "pw", "decision", "allow"))
                .post("/identity/connect/authorize").then().statusCode(303).extract().header("Location");
        RestAssured.given().urlEncodingEnabled(false).redirects().follow(false)
                .cookie("xpmsync_connect", started.cookie("xpmsync_connect")).get(callback).then().statusCode(200);
        connector().contentType(ContentType.JSON).body(Map.of("scope", "CLIENTS_ONLY", "newContactType", "Client",
                "pushedContactTypes", pushedTypes)).put("/firms/" + firmId + "/sync-settings").then().statusCode(200);
        // Settings travel on their own topic: wait until push-service applies them.
        await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.get("/firms/" + firmId + "/push-status")
                .jsonPath().getList("pushedContactTypes").equals(pushedTypes));
    }

    /** A burst: every change sent at once by one producer, as a busy Karbon would. */
    void karbonBurst(List<ContactChanged> changes) {
        kafka.sendAll(Topics.KARBON_CONTACTS_CHANGED, firmId, changes.stream().map(CODEC::encode).toList());
    }

    /** The Karbon platform says a contact changed. */
    ContactChanged karbonChanged(ContactSnapshot contact) {
        ContactChanged event = ContactChanged.of(firmId, null, SourceSystem.KARBON, ChangeKind.UPDATED, contact);
        send(event);
        return event;
    }

    /** mapping-service says a Karbon contact and an XPM record are mapped. */
    void mapped(ContactRef karbon, ContactRef xpm) {
        send(new MappingConfirmed(UUID.randomUUID(), firmId, Instant.now(), EventType.SCHEMA_VERSION, null,
                UUID.randomUUID(), xpm, karbon, MappingState.ACTIVE, MatchMethod.EXACT, null));
    }

    void send(SyncEvent event) {
        kafka.send(Topics.topicFor(event), firmId, CODEC.encode(event));
    }

    List<XpmClient> clients() {
        return new XpmXml().read(sandbox().get("/admin/practices/" + tenantId + "/clients").asString(),
                XpmResponse.class).clients();
    }

    List<Map<String, Object>> writes() {
        return sandbox().get("/admin/practices/" + tenantId + "/calls").jsonPath().<Map<String, Object>>getList("$")
                .stream().filter(c -> !"GET".equals(c.get("method"))).toList();
    }

    String addXpmClient(String xml) {
        return sandbox().contentType("text/xml").body(xml).post("/admin/practices/" + tenantId + "/clients")
                .then().statusCode(201).extract().xmlPath().getString("Response.Client.UUID");
    }

    static ContactSnapshot organization(String key, String name, String type, String email, List<Phone> phones,
                                        Address physical, Address mailing) {
        return new ContactSnapshot(ContactRef.karbonOrganization(key), name, null, null, List.of(email), phones,
                physical, mailing, null, type, List.of(), false, false, null).withComputedHash();
    }

    static ContactSnapshot person(String key, String first, String last, String email, List<Phone> phones,
                                  List<ContactRef> organizations) {
        return new ContactSnapshot(ContactRef.karbonPerson(key), first + " " + last, first, last, List.of(email), phones,
                null, null, null, "Client", organizations, false, false, null).withComputedHash();
    }

    static RequestSpecification sandbox() {
        return RestAssured.given().baseUri(XpmStackResource.sandbox().baseUrl());
    }

    static RequestSpecification connector() {
        return RestAssured.given().baseUri(XpmStackResource.connector().baseUrl());
    }
}
