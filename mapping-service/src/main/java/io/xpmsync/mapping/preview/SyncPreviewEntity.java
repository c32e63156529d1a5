package io.xpmsync.mapping.preview;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The firm's latest Preview Sync, and the first real run after it (compared with it). */
@Entity
@Table(name = "sync_preview")
public class SyncPreviewEntity extends PanacheEntityBase {

    @Id
    @Column(name = "firm_id")
    public String firmId;

    @Column(name = "run_id")
    public UUID runId;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "compared_run_id")
    public UUID comparedRunId;
}
