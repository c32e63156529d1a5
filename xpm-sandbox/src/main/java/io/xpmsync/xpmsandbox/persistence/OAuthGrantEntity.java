package io.xpmsync.xpmsandbox.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One consent: a user allowed an app to reach their practices. Revoking it ends every token of it. */
@Entity
@Table(name = "oauth_grant")
public class OAuthGrantEntity extends PanacheEntityBase {

    @Id
    @Column(name = "grant_id")
    public UUID grantId;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "user_email")
    public String userEmail;

    public String scope;

    public boolean revoked;

    @Column(name = "created_at")
    public Instant createdAt;
}
