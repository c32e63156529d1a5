package io.xpmsync.karbonsandbox.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A Karbon Contact (a person) or Organization. */
@Entity
@Table(name = "karbon_record")
public class KarbonRecordEntity extends PanacheEntityBase {

    public static final String CONTACT = "Contact";
    public static final String ORGANIZATION = "Organization";

    @Id
    @Column(name = "record_key")
    public String key;

    @Column(name = "firm_id")
    public String firmId;

    @Column(name = "entity_type")
    public String entityType;

    @Column(name = "full_name")
    public String fullName;

    @Column(name = "first_name")
    public String firstName;

    @Column(name = "middle_name")
    public String middleName;

    @Column(name = "last_name")
    public String lastName;

    @Column(name = "preferred_name")
    public String preferredName;

    public String salutation;

    @Column(name = "contact_type")
    public String contactType;

    @Column(name = "user_defined_identifier")
    public String userDefinedIdentifier;

    @Column(name = "restriction_level")
    public String restrictionLevel;

    /** The fields the sandbox does not interpret, as the last write gave them (a JSON object), or null. */
    public String unmodelled;

    @Column(name = "last_modified")
    public Instant lastModified;

    public boolean isOrganization() {
        return ORGANIZATION.equals(entityType);
    }
}
