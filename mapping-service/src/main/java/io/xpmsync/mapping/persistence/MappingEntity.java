package io.xpmsync.mapping.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.SourceSystem;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One XPM record mapped to one Karbon contact; unique per side among mappings not removed. */
@Entity
@Table(name = "mapping")
public class MappingEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "firm_id")
    public String firmId;

    @Column(name = "xpm_id")
    public String xpmId;

    @Column(name = "xpm_kind")
    public String xpmKind;

    @Column(name = "karbon_key")
    public String karbonKey;

    @Column(name = "karbon_kind")
    public String karbonKind;

    public String state;

    public String method;

    @Column(name = "xpm_name")
    public String xpmName;

    @Column(name = "karbon_name")
    public String karbonName;

    @Column(name = "last_xpm")
    public String lastXpm;

    @Column(name = "synced_hash")
    public String syncedHash;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public ContactRef xpmRef() {
        return new ContactRef(SourceSystem.XPM, xpmId, ContactKind.valueOf(xpmKind));
    }

    public ContactRef karbonRef() {
        return new ContactRef(SourceSystem.KARBON, karbonKey, ContactKind.valueOf(karbonKind));
    }

    /** The mapping of an XPM record that is not removed. */
    public static Optional<MappingEntity> ofXpm(String firmId, String xpmId) {
        return find("firmId = ?1 and xpmId = ?2 and state <> 'REMOVED'", firmId, xpmId).firstResultOptional();
    }

    /** The mapping of a Karbon contact that is not removed. */
    public static Optional<MappingEntity> ofKarbon(String firmId, String karbonKey) {
        return find("firmId = ?1 and karbonKey = ?2 and state <> 'REMOVED'", firmId, karbonKey).firstResultOptional();
    }
}
