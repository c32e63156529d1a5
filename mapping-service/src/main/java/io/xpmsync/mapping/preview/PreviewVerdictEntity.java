package io.xpmsync.mapping.preview;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What the firm's latest Preview Sync says a Sync Now would do with one XPM record, and what the first real run after
 * it did. {@code predicted} is null for a record that real run handled and the preview did not read.
 */
@Entity
@Table(name = "preview_verdict")
@IdClass(PreviewVerdictEntity.Key.class)
public class PreviewVerdictEntity extends PanacheEntityBase {

    /** The primary key: one row per XPM record of the firm. */
    public static class Key implements Serializable {
        public String firmId;
        public String xpmId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(firmId, k.firmId) && Objects.equals(xpmId, k.xpmId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(firmId, xpmId);
        }
    }

    @Id
    @Column(name = "firm_id")
    public String firmId;

    @Id
    @Column(name = "xpm_id")
    public String xpmId;

    @Column(name = "run_id")
    public UUID runId;

    @Column(name = "xpm_name")
    public String xpmName;

    @Column(name = "xpm_kind")
    public String xpmKind;

    /** The XPM record's synced fields and flags as the preview read them. */
    @Column(name = "xpm_hash")
    public String xpmHash;

    /** A {@code RunOutcomes.Outcome} name. */
    public String predicted;

    @Column(name = "karbon_key")
    public String karbonKey;

    /** For a create: KARBON_PERSON or KARBON_ORGANIZATION, the Karbon contact it would become. */
    @Column(name = "karbon_kind")
    public String karbonKind;

    @Column(name = "contact_type")
    public String contactType;

    /** In words: why it would be skipped or shown as a partial match, or with whom it would be matched. */
    public String detail;

    /** The synced fields a create or an update would write, as JSON {@code FieldChange}s. */
    public String changes;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    @Column(name = "applied_run_id")
    public UUID appliedRunId;

    @Column(name = "applied_outcome")
    public String appliedOutcome;

    @Column(name = "applied_hash")
    public String appliedHash;
}
