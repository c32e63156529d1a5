package io.xpmsync.matching.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** matching-service's copy of one mapping, as mapping-service last announced it. */
@Entity
@Table(name = "mapping")
public class MappingEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "firm_id")
    public String firmId;

    @Column(name = "mapping_id")
    public UUID mappingId;

    @Column(name = "xpm_id")
    public String xpmId;

    @Column(name = "xpm_kind")
    public String xpmKind;

    @Column(name = "karbon_key")
    public String karbonKey;

    @Column(name = "karbon_kind")
    public String karbonKind;

    public String state;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
