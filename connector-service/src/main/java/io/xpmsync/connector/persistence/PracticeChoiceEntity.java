package io.xpmsync.connector.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A consent that reached several practices, waiting for the user to choose the one the firm syncs with. */
@Entity
@Table(name = "xpm_practice_choice")
public class PracticeChoiceEntity extends PanacheEntityBase {

    @Id
    @Column(name = "firm_id")
    public String firmId;

    public String country;

    @Column(name = "access_token_sealed")
    public String accessTokenSealed;

    @Column(name = "refresh_token_sealed")
    public String refreshTokenSealed;

    @Column(name = "access_expires_at")
    public Instant accessExpiresAt;

    /** The practices to choose from: a JSON array of {@code {id, tenantId, tenantName}} (Xero's connections). */
    public String choices;

    @Column(name = "expires_at")
    public Instant expiresAt;
}
