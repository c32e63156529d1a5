package io.xpmsync.matching.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** One Karbon contact of one firm, as matching-service indexes it. */
@Entity
@Table(name = "karbon_contact")
public class KarbonContactEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "firm_id")
    public String firmId;

    @Column(name = "karbon_key")
    public String karbonKey;

    public String kind;

    public String name;

    @Column(name = "name_key")
    public String nameKey;

    /** The emails as Karbon holds them, one per line, for showing candidates. */
    public String emails;

    @Column(name = "contact_type")
    public String contactType;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @ElementCollection
    @CollectionTable(name = "karbon_contact_email", joinColumns = @JoinColumn(name = "contact_id"))
    @Column(name = "email_key")
    public Set<String> emailKeys = new HashSet<>();
}
