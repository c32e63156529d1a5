package io.xpmsync.xpmsandbox.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An XPM practice: a Xero tenant of type PRACTICEMANAGER. Null limits mean the sandbox-wide defaults. */
@Entity
@Table(name = "practice")
public class PracticeEntity extends PanacheEntityBase {

    @Id
    @Column(name = "tenant_id")
    public UUID tenantId;

    public String name;

    @Column(name = "owner_email")
    public String ownerEmail;

    @Column(name = "per_minute")
    public Integer perMinute;

    @Column(name = "per_day")
    public Integer perDay;

    public Integer concurrent;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Whether an edit of a contact stamps its clients as modified (nothing public says real XPM does). */
    @Column(name = "contact_edits_stamp_clients")
    public boolean contactEditsStampClients = true;

    /** Whether {@code client.api/list} leaves out BusinessStructure and IsProspect, as Xero's example does. */
    @Column(name = "list_omits_get_fields")
    public boolean listOmitsGetFields;
}
