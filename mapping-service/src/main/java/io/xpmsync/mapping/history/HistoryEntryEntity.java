package io.xpmsync.mapping.history;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One entry of a mapped contact's timeline (see {@link ContactHistory}). */
@Entity
@Table(name = "contact_history")
public class HistoryEntryEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "firm_id")
    public String firmId;

    @Column(name = "mapping_id")
    public UUID mappingId;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    public String kind;

    public String method;

    public String actor;

    @Column(name = "sync_run_id")
    public UUID syncRunId;

    @Column(name = "source_event_id")
    public UUID sourceEventId;

    /** The synced fields written, JSON: [{field, before, after}]. */
    public String changes;

    public String detail;
}
