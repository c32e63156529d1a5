package io.xpmsync.xpmsandbox.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An XPM contact; its links to clients are ClientContactEntity rows. */
@Entity
@Table(name = "contact")
public class ContactEntity extends PanacheEntityBase {

    @Id
    public UUID uuid;

    @Column(name = "tenant_id")
    public UUID tenantId;

    public String name;
    public String salutation;
    public String addressee;
    public String mobile;
    public String email;
    public String phone;
    public boolean deleted;

    @Column(name = "modified_at")
    public Instant modifiedAt;
}
