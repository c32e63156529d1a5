package io.xpmsync.connector.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One Sync Now or scheduled poll of a firm, with its phase and counts. */
@Entity
@Table(name = "sync_run")
public class SyncRunEntity extends PanacheEntityBase {

    public static final String QUEUED = "QUEUED";
    public static final String FETCHING = "FETCHING";
    public static final String DETECTING = "DETECTING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

    @Id
    public UUID id;

    @Column(name = "firm_id")
    public String firmId;

    /** SYNC_NOW or SCHEDULED. */
    public String trigger;

    public boolean incremental;

    public String phase;

    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    /** When XPM's answer had been read: fetching took {@code fetchedAt - startedAt}, detection the rest. */
    @Column(name = "fetched_at")
    public Instant fetchedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "modified_since")
    public Instant modifiedSince;

    @Column(name = "clients_fetched")
    public int clientsFetched;

    @Column(name = "contacts_fetched")
    public int contactsFetched;

    @Column(name = "changes_published")
    public int changesPublished;

    public int unchanged;

    @Column(name = "skipped_by_scope")
    public int skippedByScope;

    @Column(name = "xpm_calls")
    public int xpmCalls;

    public String error;
}
