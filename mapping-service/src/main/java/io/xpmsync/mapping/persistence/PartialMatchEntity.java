package io.xpmsync.mapping.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An XPM record waiting for a person: its state and ranked candidates with evidence, as JSON. */
@Entity
@Table(name = "partial_match")
public class PartialMatchEntity extends PanacheEntityBase {

    public static final String OPEN = "OPEN";
    public static final String RESOLVED = "RESOLVED";
    /** A newer verdict for the same XPM record replaced it, or the record was mapped another way. */
    public static final String SUPERSEDED = "SUPERSEDED";

    @Id
    public UUID id;

    @Column(name = "firm_id")
    public String firmId;

    @Column(name = "xpm_id")
    public String xpmId;

    @Column(name = "xpm_name")
    public String xpmName;

    @Column(name = "xpm_record")
    public String xpmRecord;

    public String candidates;

    public String reason;

    public String status;

    /** CONFIRMED or CREATED_NEW. */
    public String resolution;

    @Column(name = "sync_run_id")
    public UUID syncRunId;

    public int version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;
}
