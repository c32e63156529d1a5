package io.xpmsync.xpmsandbox.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A practice a grant reaches: one row of GET /connections. */
@Entity
@Table(name = "oauth_connection")
public class OAuthConnectionEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "grant_id")
    public UUID grantId;

    @Column(name = "tenant_id")
    public UUID tenantId;

    @Column(name = "created_at")
    public Instant createdAt;
}
