package io.xpmsync.connector.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A firm's Contact Sync Settings; pushed contact types and person structures as JSON arrays, the conflict policy by
 * its name.
 */
@Entity
@Table(name = "sync_settings")
public class SyncSettingsEntity extends PanacheEntityBase {

    @Id
    @Column(name = "firm_id")
    public String firmId;

    public String scope;

    @Column(name = "new_contact_type")
    public String newContactType;

    @Column(name = "pushed_contact_types")
    public String pushedContactTypes;

    @Column(name = "person_structures")
    public String personStructures = "[]";

    @Column(name = "conflict_policy")
    public String conflictPolicy = "ASK";

    @Column(name = "updated_at")
    public Instant updatedAt;
}
