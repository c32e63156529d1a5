package io.xpmsync.system;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.xpmsync.system.RunningSystem.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two firms sync at once while Karbon answers every call of one of them with 429 (a storm, as when another
 * application spends the firm's allowance): the other firm's sync is not delayed, the firm in the storm waits and
 * says why, and finishes when the storm ends, with nothing failed. (That a firm waiting in mapping-service's work
 * queue says why is shown by mapping-service's own tests.)
 */
@ExtendWith(RunningSystem.class)
class FirmsDoNotWaitForEachOtherTest {

    private static final int CLIENTS = 12;
    private static final int STORM_SECONDS = 25;

    @Test
    void aFirmInAStormOf429sDoesNotDelayAnotherFirm() {
        Firm stormy = Firm.create("Stormy").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        Firm calm = Firm.create("Calm").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        for (int i = 0; i < CLIENTS; i++) {
            stormy.addXpmClient("<Name>Storm Client " + i + " Ltd</Name><Email>storm" + i + "@clients.example</Email>"
                    + "<BusinessStructure>Company</BusinessStructure>");
            calm.addXpmClient("<Name>Calm Client " + i + " Ltd</Name><Email>calm" + i + "@clients.example</Email>"
                    + "<BusinessStructure>Company</BusinessStructure>");
        }
        at("karbon-sandbox").contentType(ContentType.JSON).body(Map.of("seconds", STORM_SECONDS))
                .post("/admin/firms/" + stormy.id + "/throttle").then().statusCode(204);

        long start = System.nanoTime();
        String stormyRun = syncNow(stormy);
        String calmRun = syncNow(calm);
        calm.awaitRun(calmRun, Duration.ofSeconds(STORM_SECONDS - 10));
        Duration calmTook = Duration.ofNanos(System.nanoTime() - start);

        assertThat(calm.outcome(calmRun).getInt("created")).isEqualTo(CLIENTS);
        System.out.printf("calm firm's sync took %d ms while the other firm was held by Karbon's 429s%n",
                calmTook.toMillis());

        // The storm meets the firm's first Karbon call of the run: matching-service bringing the firm's Karbon
        // index up to date before it classifies the XPM records, which wait for it, saying why.
        JsonPath index = await().atMost(Duration.ofSeconds(15)).until(() -> at("matching-service")
                .get("/firms/" + stormy.id + "/karbon-connection").jsonPath(), c -> c.getInt("heldXpmChanges") > 0
                && String.valueOf(c.getString("waitReason")).contains("429"));
        assertThat(index.getString("waitsUntil")).isNotNull();
        assertThat(stormy.outcome(stormyRun).getInt("processed")).as("the firm in the storm is still waiting")
                .isLessThan(CLIENTS);

        stormy.awaitRun(stormyRun, Duration.ofSeconds(STORM_SECONDS + 60));
        JsonPath outcome = stormy.outcome(stormyRun);
        assertThat(outcome.getInt("created")).isEqualTo(CLIENTS);
        assertThat(outcome.getInt("failed")).isZero();
    }

    private static String syncNow(Firm firm) {
        return at("connector-service").post("/firms/" + firm.id + "/sync-runs").then().statusCode(202).extract()
                .path("id");
    }
}
