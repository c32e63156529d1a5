package io.xpmsync.mapping.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A synced field of a mapping changed on both sides to different values: open (waiting for a person) or resolved, each
 * side's value in a person's words and each side's record as last seen (JSON snapshots), to write the chosen value.
 */
@Entity
@Table(name = "field_conflict")
public class FieldConflictEntity extends PanacheEntityBase {

    public static final String OPEN = "OPEN";
    public static final String RESOLVED = "RESOLVED";

    @Id
    public UUID id;

    @Column(name = "firm_id")
    public String firmId;

    @Column(name = "mapping_id")
    public UUID mappingId;

    public String field;

    public String status;

    @Column(name = "contact_name")
    public String contactName;

    @Column(name = "xpm_value")
    public String xpmValue;

    @Column(name = "karbon_value")
    public String karbonValue;

    @Column(name = "base_value")
    public String baseValue;

    @Column(name = "xpm_changed_at")
    public Instant xpmChangedAt;

    @Column(name = "karbon_changed_at")
    public Instant karbonChangedAt;

    @Column(name = "xpm_record")
    public String xpmRecord;

    @Column(name = "karbon_record")
    public String karbonRecord;

    @Column(name = "sync_run_id")
    public UUID syncRunId;

    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "resolved_value")
    public String resolvedValue;

    @Column(name = "decided_by")
    public String decidedBy;

    public String policy;

    public int version;

    /** The open conflict of a mapping's field, if any. */
    public static Optional<FieldConflictEntity> open(UUID mappingId, String field) {
        return find("mappingId = ?1 and field = ?2 and status = ?3", mappingId, field, OPEN).firstResultOptional();
    }
}
