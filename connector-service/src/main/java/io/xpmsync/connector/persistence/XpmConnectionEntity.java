package io.xpmsync.connector.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A firm's connection to its XPM practice: sealed tokens, the tenant, and its polling state. */
@Entity
@Table(name = "xpm_connection")
public class XpmConnectionEntity extends PanacheEntityBase {

    @Id
    @Column(name = "firm_id")
    public String firmId;

    public String country;

    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "tenant_name")
    public String tenantName;

    @Column(name = "connection_id")
    public String connectionId;

    @Column(name = "access_token_sealed")
    public String accessTokenSealed;

    @Column(name = "refresh_token_sealed")
    public String refreshTokenSealed;

    @Column(name = "access_expires_at")
    public Instant accessExpiresAt;

    @Column(name = "connected_at")
    public Instant connectedAt;

    @Column(name = "refreshed_at")
    public Instant refreshedAt;

    @Column(name = "claimed_by")
    public String claimedBy;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "next_poll_at")
    public Instant nextPollAt;

    /** The modifiedsince watermark: every change before it has been seen. */
    @Column(name = "polled_up_to")
    public Instant polledUpTo;

    /** Why the user must connect again (Xero refused to refresh the tokens); null while the connection works. */
    @Column(name = "reconnect_reason")
    public String reconnectReason;
}
