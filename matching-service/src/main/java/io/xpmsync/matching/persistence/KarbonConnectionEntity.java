package io.xpmsync.matching.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** How to reach one firm's Karbon, where the bootstrap of its index stands, and how fresh the index is. */
@Entity
@Table(name = "karbon_connection")
public class KarbonConnectionEntity extends PanacheEntityBase {

    public static final String PENDING = "PENDING";
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    @Id
    @Column(name = "firm_id")
    public String firmId;

    @Column(name = "base_url")
    public String baseUrl;

    @Column(name = "application_id")
    public String applicationId;

    @Column(name = "access_key_sealed")
    public String accessKeySealed;

    @Column(name = "xpm_connected")
    public boolean xpmConnected;

    @Column(name = "bootstrap_state")
    public String bootstrapState;

    @Column(name = "bootstrap_error")
    public String bootstrapError;

    @Column(name = "bootstrapped_at")
    public Instant bootstrappedAt;

    /** The index holds every Karbon change made before this time; null until a full bootstrap completes. */
    @Column(name = "fresh_as_of")
    public Instant freshAsOf;

    /** Why a PENDING bootstrap or catch-up waits until {@code updatedAt}, or null. */
    @Column(name = "wait_reason")
    public String waitReason;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The key Karbon signs this firm's webhook notices with (sealed); null until the firm is subscribed. */
    @Column(name = "webhook_key_sealed")
    public String webhookKeySealed;

    /** With webhooks as the event source: PENDING (to subscribe or check), ACTIVE, FAILED; null otherwise. */
    @Column(name = "webhook_state")
    public String webhookState;

    @Column(name = "webhook_error")
    public String webhookError;

    /** When the subscription was last seen in place at Karbon. */
    @Column(name = "webhook_checked_at")
    public Instant webhookCheckedAt;

    /** When the subscription is next checked (or a check under way gives up its claim). */
    @Column(name = "webhook_due_at")
    public Instant webhookDueAt;
}
