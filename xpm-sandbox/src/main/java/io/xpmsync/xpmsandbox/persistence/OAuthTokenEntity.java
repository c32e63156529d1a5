package io.xpmsync.xpmsandbox.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An access token (expires) or a refresh token (good until used once: refresh tokens rotate). */
@Entity
@Table(name = "oauth_token")
public class OAuthTokenEntity extends PanacheEntityBase {

    public static final String ACCESS = "ACCESS";
    public static final String REFRESH = "REFRESH";

    @Id
    public String token;

    @Column(name = "grant_id")
    public UUID grantId;

    public String kind;

    @Column(name = "expires_at")
    public Instant expiresAt;

    public boolean revoked;
}
