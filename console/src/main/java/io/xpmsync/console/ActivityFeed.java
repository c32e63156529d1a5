package io.xpmsync.console;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.SyncEvent;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.contracts.kafka.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Match, mapping and push events as they happen, for dashboards (and settings, to let go of a firm that asked to be
 * forgotten). Every console instance reads every event (its own
 * consumer group, from the latest offset): it only shows them. A record it cannot read is logged and skipped; it
 * stays on its topic, where the services' own consumers and their dead-letter topics deal with it.
 */
@ApplicationScoped
public class ActivityFeed {

    private static final Logger LOG = Logger.getLogger(ActivityFeed.class);

    private final EventCodec codec = new EventCodec();
    private final BroadcastProcessor<Activity> live = BroadcastProcessor.create();
    private final Deque<Activity> recent = new ArrayDeque<>();
    private final int history;

    ActivityFeed(ConsoleConfig config) {
        this.history = config.activityHistory();
    }

    @Incoming("activity")
    void onEvent(ConsumerRecord<String, String> record) {
        if (Topics.SETTINGS.equals(record.topic())) {
            forgetIfAsked(record);
            return;
        }
        Activity activity;
        try {
            activity = Activity.of(decode(record.topic(), record.value()));
        } catch (RuntimeException e) {
            LOG.warnf("skipped an unreadable record at %s-%d offset %d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        synchronized (recent) {
            recent.addFirst(activity);
            while (recent.size() > history) {
                recent.removeLast();
            }
        }
        live.onNext(activity);
    }

    /** A firm that asked to be forgotten: the activity kept of it here goes too. */
    private void forgetIfAsked(ConsumerRecord<String, String> record) {
        SyncSettingsChanged settings;
        try {
            settings = codec.decode(record.value(), SyncSettingsChanged.class);
        } catch (RuntimeException e) {
            LOG.warnf("skipped an unreadable settings record at offset %d: %s", record.offset(), e.getMessage());
            return;
        }
        if (settings.forgetsFirm()) {
            synchronized (recent) {
                recent.removeIf(a -> a.firmId().equals(settings.firmId()));
            }
        }
    }

    /** The latest activity of a firm, newest first. */
    public List<Activity> recent(String firmId, int limit) {
        synchronized (recent) {
            return recent.stream().filter(a -> a.firmId().equals(firmId)).limit(limit).toList();
        }
    }

    /** A firm's activity from now on. */
    public Multi<Activity> live(String firmId) {
        return live.filter(a -> a.firmId().equals(firmId));
    }

    private SyncEvent decode(String topic, String json) {
        return switch (topic) {
            case Topics.MATCHES_PROPOSED -> codec.decode(json, MatchProposed.class);
            case Topics.MAPPINGS_CONFIRMED -> codec.decode(json, MappingConfirmed.class);
            case Topics.PUSHES_COMPLETED -> codec.decode(json, ContactPushed.class);
            default -> throw new IllegalArgumentException("the console does not read " + topic);
        };
    }
}
