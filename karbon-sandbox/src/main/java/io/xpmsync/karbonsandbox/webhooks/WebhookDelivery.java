package io.xpmsync.karbonsandbox.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.xpmsync.client.karbon.WebhookSignature;
import io.xpmsync.messaging.Poller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends due webhook notices as Karbon does: a {@code POST} of the documented payload ({@code ResourcePermaKey},
 * {@code ResourceType}, {@code ActionType}, {@code TimeStamp}) to the subscription's TargetUrl, with a
 * {@code Signature} header (hex HMAC-SHA256 of the body with the subscription's SigningKey) when it has one. Only a
 * 2xx answer counts as delivered; otherwise the notice is tried again after a growing delay, and after 10 failed
 * tries the subscription ends (it must be created again) and its waiting notices are dropped.
 */
@ApplicationScoped
public class WebhookDelivery {

    static final int TRIES = 10;
    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);

    private record Due(String firmId, String resourceKey, String actionType, Instant timeStamp, int attempts,
                       String targetUrl, String signingKey) {
    }

    private final EntityManager em;
    private final ObjectMapper json;
    private final Duration retryDelay;
    private final Duration every;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService senders = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "karbon-webhook-sender");
        t.setDaemon(true);
        return t;
    });
    private Poller poller;

    WebhookDelivery(EntityManager em, ObjectMapper json,
                    @ConfigProperty(name = "karbon-sandbox.webhooks.retry-delay", defaultValue = "30s")
                    Duration retryDelay,
                    @ConfigProperty(name = "karbon-sandbox.webhooks.poll-interval", defaultValue = "0.1s")
                    Duration every) {
        this.em = em;
        this.json = json;
        this.retryDelay = retryDelay;
        this.every = every;
    }

    void start(@Observes StartupEvent event) {
        poller = Poller.start("karbon-webhook-delivery", Duration.ofSeconds(1), every, this::deliverDue);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.close();
        }
        senders.shutdownNow();
    }

    /**
     * Sends every notice that is due, each claimed for a minute so that a slow receiver is not sent it twice; several
     * at once (Karbon delivers a bulk change's notices in a burst), each waiting for its receiver's answer.
     */
    void deliverDue() {
        List<Due> due;
        do {
            due = QuarkusTransaction.requiringNew().call(this::claim);
            List<Future<?>> sending = new ArrayList<>();
            for (Due notice : due) {
                sending.add(senders.submit(() -> deliver(notice)));
            }
            for (Future<?> sent : sending) {
                try {
                    sent.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    LOG.warn("a webhook delivery failed unexpectedly; it is tried again when its claim ends",
                            e.getCause());
                }
            }
        } while (!due.isEmpty());
    }

    @SuppressWarnings("unchecked")
    private List<Due> claim() {
        List<Object[]> rows = em.createNativeQuery("SELECT n.firm_id, n.resource_key, n.action_type, n.time_stamp,"
                        + " n.attempts, s.target_url, s.signing_key FROM webhook_notice n JOIN webhook_subscription s"
                        + " ON s.firm_id = n.firm_id AND s.webhook_type = 'Contact' WHERE n.due_at <= now()"
                        + " ORDER BY n.due_at LIMIT 50 FOR UPDATE OF n SKIP LOCKED")
                .getResultList();
        for (Object[] r : rows) {
            em.createNativeQuery("UPDATE webhook_notice SET due_at = ?3 WHERE firm_id = ?1 AND resource_key = ?2")
                    .setParameter(1, r[0]).setParameter(2, r[1])
                    .setParameter(3, Timestamp.from(Instant.now().plusSeconds(60))).executeUpdate();
        }
        return rows.stream().map(r -> new Due((String) r[0], (String) r[1], (String) r[2], instant(r[3]),
                ((Number) r[4]).intValue(), (String) r[5], (String) r[6])).toList();
    }

    private void deliver(Due notice) {
        String failure;
        try {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("ResourcePermaKey", notice.resourceKey());
            payload.put("ResourceType", "Contact");
            payload.put("ActionType", notice.actionType());
            payload.put("TimeStamp", notice.timeStamp().truncatedTo(ChronoUnit.SECONDS).toString());
            String body = json.writeValueAsString(payload);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(notice.targetUrl()))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (notice.signingKey() != null) {
                request.header("Signature", WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8),
                        notice.signingKey()));
            }
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            failure = status / 100 == 2 ? null : "answered " + status;
        } catch (IOException | IllegalArgumentException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // stopping: the claim runs out and the notice is sent later
        }
        String reason = failure;
        QuarkusTransaction.requiringNew().run(() -> settle(notice, reason));
    }

    private void settle(Due notice, String failure) {
        if (failure == null) {
            // a change noted meanwhile has a newer time stamp: it stays for its own delivery
            em.createNativeQuery("DELETE FROM webhook_notice WHERE firm_id = ?1 AND resource_key = ?2"
                            + " AND time_stamp = ?3")
                    .setParameter(1, notice.firmId()).setParameter(2, notice.resourceKey())
                    .setParameter(3, Timestamp.from(notice.timeStamp())).executeUpdate();
            return;
        }
        int tries = notice.attempts() + 1;
        if (tries >= TRIES) {
            LOG.warnf("firm %s: webhook delivery to %s failed %d times (%s); the Contact subscription ends",
                    notice.firmId(), notice.targetUrl(), tries, failure);
            em.createNativeQuery("DELETE FROM webhook_subscription WHERE firm_id = ?1 AND webhook_type = 'Contact'")
                    .setParameter(1, notice.firmId()).executeUpdate();
            em.createNativeQuery("DELETE FROM webhook_notice WHERE firm_id = ?1").setParameter(1, notice.firmId())
                    .executeUpdate();
            return;
        }
        Duration delay = retryDelay.multipliedBy(1L << Math.min(tries - 1, 7));
        em.createNativeQuery("UPDATE webhook_notice SET attempts = ?3, last_error = ?4, due_at = ?5"
                        + " WHERE firm_id = ?1 AND resource_key = ?2 AND time_stamp = ?6")
                .setParameter(1, notice.firmId()).setParameter(2, notice.resourceKey()).setParameter(3, tries)
                .setParameter(4, failure.length() > 500 ? failure.substring(0, 500) : failure)
                .setParameter(5, Timestamp.from(Instant.now().plus(delay)))
                .setParameter(6, Timestamp.from(notice.timeStamp())).executeUpdate();
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return (Instant) value;
    }
}
