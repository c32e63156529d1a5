package io.xpmsync.messaging;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a record a batch consumer could not process to its channel's dead-letter topic, the one named by
 * {@code mp.messaging.incoming.<channel>.dead-letter-queue.topic} (the topic SmallRye's own dead-letter strategy uses
 * for the channel), with the same headers SmallRye writes: {@code dead-letter-reason}, {@code dead-letter-cause},
 * {@code dead-letter-topic}, {@code dead-letter-partition}, {@code dead-letter-offset}. The original key, value and
 * headers are kept, so a replay is the same record. The send is awaited: a record is never acknowledged before its
 * dead letter is written.
 */
@ApplicationScoped
public class DeadLetterTopic {

    private static final Logger LOG = Logger.getLogger(DeadLetterTopic.class);

    private final Config config;
    private volatile KafkaProducer<String, String> producer;

    private final PipelineMetrics metrics;

    DeadLetterTopic(Config config, PipelineMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    public void send(String channel, ConsumerRecord<String, String> record, String reason, Throwable cause) {
        String topic = config.getOptionalValue("mp.messaging.incoming." + channel + ".dead-letter-queue.topic",
                String.class).orElseThrow(() -> new IllegalStateException("channel " + channel + " names no"
                + " dead-letter topic (mp.messaging.incoming." + channel + ".dead-letter-queue.topic)"));
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            if (!h.key().startsWith("dead-letter-")) {
                headers.add(h);
            }
        }
        header(headers, "dead-letter-reason", reason);
        header(headers, "dead-letter-cause", cause == null || cause.getCause() == null ? null
                : cause.getCause().getMessage());
        header(headers, "dead-letter-exception-class-name", cause == null ? null : cause.getClass().getName());
        header(headers, "dead-letter-topic", record.topic());
        header(headers, "dead-letter-partition", String.valueOf(record.partition()));
        header(headers, "dead-letter-offset", String.valueOf(record.offset()));
        try {
            producer().send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering a record of " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write the dead letter of " + record.topic() + "-"
                    + record.partition() + "@" + record.offset() + " to " + topic, e);
        }
        metrics.deadLettered(channel);
        LOG.warnf("%s-%d@%d (key %s) sent to %s: %s", record.topic(), record.partition(), record.offset(),
                record.key(), topic, reason);
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> settings = KafkaSettings.of(config);
                    settings.put(ProducerConfig.ACKS_CONFIG, "all");
                    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    settings.put(ProducerConfig.CLIENT_ID_CONFIG, config.getOptionalValue("quarkus.application.name",
                            String.class).orElse("xpm-sync") + "-dead-letters");
                    producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
                }
                p = producer;
            }
        }
        return p;
    }

    void close(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    private static void header(RecordHeaders headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
