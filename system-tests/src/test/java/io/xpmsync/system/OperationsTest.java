package io.xpmsync.system;

import io.restassured.RestAssured;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.LocalSystem;
import io.xpmsync.infra.testing.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.xpmsync.system.RunningSystem.at;
import static io.xpmsync.system.RunningSystem.managementUrl;
import static io.xpmsync.system.RunningSystem.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an on-call engineer sees: every service's {@code /q/metrics} scraped around a sync, the pipeline's counts
 * adding up from one service to the next, and every metric the dashboards and alerts in {@code deploy/} use is one
 * the services really expose; {@code /q/...} only on each part's management port.
 */
@ExtendWith(RunningSystem.class)
class OperationsTest {

    private static final List<String> SERVICES = DeploymentManifestsTest.SERVICES;
    private static final Pattern METRIC = Pattern.compile("\\b((?:xpmsync|kafka|jvm|http_server|process)_[a-z0-9_]+)");

    @Test
    void healthMetricsAndOpenApiAreServedOnlyOnEachPartsManagementPort() {
        for (String part : LocalSystem.SERVICES.keySet()) {
            // xpm-sandbox keeps no metrics
            List<String> paths = part.equals("xpm-sandbox") ? List.of("/q/health", "/q/openapi")
                    : List.of("/q/metrics", "/q/health", "/q/openapi");
            for (String path : paths) {
                assertThat(RestAssured.get(url(part) + path).statusCode()).as(part + " HTTP port " + path)
                        .isEqualTo(404);
                assertThat(RestAssured.get(managementUrl(part) + path).statusCode())
                        .as(part + " management port " + path).isEqualTo(200);
            }
        }
    }

    @Test
    void everyServiceExposesThePipelineMetricsAndTheyAddUp() {
        Map<String, Scrape> before = scrapeAll();
        Firm firm = Firm.create("Metrics").settings("CLIENTS_AND_CONTACTS", "Client", List.of("Client")).connect();
        firm.addXpmClient("<Name>Gauge Works Ltd</Name><Email>office@gauge.example</Email>"
                + "<BusinessStructure>Company</BusinessStructure><Contacts><Contact><Name>Mere Gauge</Name>"
                + "<Email>mere@gauge.example</Email></Contact></Contacts>");
        firm.addXpmClient("<Name>Counter Ltd</Name><Email>office@counter.example</Email>"
                + "<BusinessStructure>Company</BusinessStructure>");
        firm.syncNow();

        // events counted equal events sent, from one service to the next
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Scrape> after = scrapeAll();
            double published = delta(before, after, "connector-service", "xpmsync_events_published_total",
                    "type", "ContactChanged");
            assertThat(published).as("ContactChanged published by connector-service").isGreaterThanOrEqualTo(3);
            assertThat(delta(before, after, "matching-service", "xpmsync_events_consumed_total",
                    "channel", "xpm-contacts")).as("received by matching-service").isEqualTo(published);
            assertThat(delta(before, after, "matching-service", "xpmsync_match_verdicts_total"))
                    .as("a verdict for each").isEqualTo(published);
            assertThat(delta(before, after, "mapping-service", "xpmsync_events_consumed_total",
                    "channel", "matches-proposed")).as("verdicts received by mapping-service").isEqualTo(published);
            assertThat(delta(before, after, "connector-service", "xpmsync_sync_run_duration_seconds_count",
                    "outcome", "completed")).isGreaterThanOrEqualTo(1);
            assertThat(delta(before, after, "connector-service", "xpmsync_api_calls_total", "api", "xpm",
                    "status", "200")).isGreaterThanOrEqualTo(1);
        });

        // a Karbon change pushed to XPM: its latency on the histogram
        firm.karbon.createOrganization(SeedRulesAcceptanceTest.organization("Histogram Ltd", "Client",
                "hello@histogram.example"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(delta(before, scrapeAll(),
                "push-service", "xpmsync_push_latency_seconds_count")).isGreaterThanOrEqualTo(1));

        Map<String, Scrape> now = scrapeAll();
        for (String service : SERVICES) {
            Scrape s = now.get(service);
            assertThat(s.has("jvm_memory_used_bytes", "service", service)).as(service + ": tagged with its name")
                    .isTrue();
        }
        for (String service : List.of("connector-service", "matching-service", "mapping-service", "push-service")) {
            assertThat(now.get(service).has("xpmsync_outbox_backlog")).as(service).isTrue();
            assertThat(now.get(service).names()).as(service + ": Kafka consumer lag")
                    .contains("kafka_consumer_fetch_manager_records_lag_max");
        }
        assertThat(now.get("mapping-service").has("xpmsync_work_queue_depth", "queue", "karbon-work")).isTrue();
        assertThat(now.get("push-service").has("xpmsync_work_queue_oldest_seconds", "queue", "pending-pushes"))
                .isTrue();
        assertThat(now.get("mapping-service").has("xpmsync_outbox_slot_retained_bytes")).isTrue();
        assertThat(now.get("matching-service").sum("xpmsync_api_calls_total", "api", "karbon")).isPositive();
    }

    @Test
    void aPushXpmRefusedIsDeadLetteredShownInWordsAndReplayedOnceTheCauseIsMended() {
        Firm firm = Firm.create("Replay").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        // XPM refuses every call for a while (a firm's practice set up wrong, say)
        at("xpm-sandbox").contentType("application/json").body(Map.of("kind", "STATUS_ERROR", "count", 1000))
                .post("/admin/practices/" + firm.tenant + "/faults").then().statusCode(200);
        firm.karbon.createOrganization(SeedRulesAcceptanceTest.organization("Refused Ltd", "Client",
                "office@refused.example"));

        Map<String, Object> failure = await().atMost(Duration.ofSeconds(60)).until(() -> at("push-service")
                .get("/firms/" + firm.id + "/dead-letters").jsonPath().<Map<String, Object>>getList("$").stream()
                .filter(l -> "Refused Ltd".equals(l.get("contactName"))).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(failure).containsEntry("what", "a change pushed to XPM").containsEntry("firmId", firm.id);
        assertThat((String) failure.get("reason")).contains("asked to fail");
        assertThat(at("push-service").get("/admin/dead-letters").jsonPath().<Map<String, Object>>getList("$"))
                .anySatisfy(t -> assertThat(t).containsEntry("topic", failure.get("topic")));
        assertThat(firm.xpmClient("Refused Ltd")).isEmpty();

        // mended: XPM takes calls again; the failed push is replayed, and made once
        at("xpm-sandbox").delete("/admin/practices/" + firm.tenant + "/faults").then().statusCode(204);
        at("push-service").contentType("application/json").body(Map.of("topic", failure.get("topic"),
                        "partition", failure.get("partition"), "offset", failure.get("offset")))
                .post("/firms/" + firm.id + "/dead-letters/replay").then().statusCode(200).body("replayed",
                        org.hamcrest.Matchers.equalTo(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> firm.xpmClient("Refused Ltd").isPresent());
        // another firm cannot replay it
        at("push-service").contentType("application/json").body(Map.of("topic", failure.get("topic"),
                        "partition", failure.get("partition"), "offset", failure.get("offset")))
                .post("/firms/firm-someone-else/dead-letters/replay").then().statusCode(404);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                firm.xpmClients().stream().filter(c -> "Refused Ltd".equals(c.name())).count() == 1);
    }

    @Test
    void oneChangeIsOneTraceFromThePollToTheWriteInKarbon() {
        Firm firm = Firm.create("Traced").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        String uuid = firm.addXpmClient("<Name>Traceable Ltd</Name><Email>office@traceable.example</Email>"
                + "<BusinessStructure>Company</BusinessStructure>");
        firm.syncNow();

        // connector-service's change, matching-service's verdict on it, mapping-service's mapping of it: one trace
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> events = firmEvents(firm.id);
            ConsumerRecord<String, String> change = only(events, Topics.XPM_CONTACTS_CHANGED, uuid);
            ConsumerRecord<String, String> verdict = only(events, Topics.MATCHES_PROPOSED, uuid);
            ConsumerRecord<String, String> mapping = only(events, Topics.MAPPINGS_CONFIRMED, uuid);
            String trace = traceId(header(change));
            assertThat(trace).as("the change carries a trace").isNotNull();
            assertThat(traceId(header(verdict))).as("the verdict on it").isEqualTo(trace);
            assertThat(traceId(header(mapping))).as("its mapping, written after Karbon").isEqualTo(trace);
            assertThat(header(verdict)).as("each service's part is a span of its own").isNotEqualTo(header(change));
        });
    }

    private static List<ConsumerRecord<String, String>> firmEvents(String firmId) {
        KafkaTestClient kafka = new KafkaTestClient(RunningSystem.system().kafkaBootstrapServers());
        List<ConsumerRecord<String, String>> events = new java.util.ArrayList<>();
        for (String topic : List.of(Topics.XPM_CONTACTS_CHANGED, Topics.MATCHES_PROPOSED, Topics.MAPPINGS_CONFIRMED)) {
            kafka.readAll(topic, Duration.ofMillis(500)).stream().filter(r -> firmId.equals(r.key()))
                    .forEach(events::add);
        }
        return events;
    }

    private static ConsumerRecord<String, String> only(List<ConsumerRecord<String, String>> events, String topic,
                                                       String xpmId) {
        List<ConsumerRecord<String, String>> found = events.stream().filter(r -> r.topic().equals(topic)
                && r.value().toLowerCase(java.util.Locale.ROOT).contains(xpmId.toLowerCase(java.util.Locale.ROOT)))
                .toList();
        assertThat(found).as(topic + " of " + xpmId).hasSize(1);
        return found.get(0);
    }

    /** The trace id of a W3C traceparent ({@code 00-<trace id>-<span id>-<flags>}), or null. */
    private static String traceId(String traceparent) {
        return traceparent != null && traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")
                ? traceparent.substring(3, 35) : null;
    }

    private static String header(ConsumerRecord<String, String> record) {
        org.apache.kafka.common.header.Header h = record.headers().lastHeader("traceparent");
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void theDashboardsAndAlertsUseOnlyMetricsTheServicesExpose() throws IOException {
        Set<String> exposed = new TreeSet<>();
        scrapeAll().values().forEach(s -> exposed.addAll(s.names()));
        Set<String> referenced = new TreeSet<>();
        try (Stream<Path> files = Files.walk(RunningSystem.root().resolve("deploy/base/monitoring"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher m = METRIC.matcher(Files.readString(file));
                while (m.find()) {
                    referenced.add(m.group(1));
                }
            }
        }
        assertThat(referenced).as("metrics the dashboards and alerts use").isNotEmpty();
        assertThat(referenced).allSatisfy(name -> assertThat(exposed).as("exposed by a service")
                .contains(name));
    }

    private static Map<String, Scrape> scrapeAll() {
        Map<String, Scrape> scrapes = new HashMap<>();
        for (String service : SERVICES) {
            scrapes.put(service, Scrape.of(service));
        }
        return scrapes;
    }

    private static double delta(Map<String, Scrape> before, Map<String, Scrape> after, String service, String name,
                                String... labels) {
        return after.get(service).sum(name, labels) - before.get(service).sum(name, labels);
    }
}
