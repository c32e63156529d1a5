package io.xpmsync.karbonsandbox.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A business card of a Contact or Organization. On a Contact's card, {@code organizationKey} links the person to an
 * Organization. Emails, phones, addresses and websites are kept as the JSON arrays the API speaks.
 */
@Entity
@Table(name = "business_card")
public class BusinessCardEntity extends PanacheEntityBase {

    @Id
    @Column(name = "card_key")
    public String key;

    @Column(name = "firm_id")
    public String firmId;

    @Column(name = "entity_type")
    public String entityType;

    @Column(name = "entity_key")
    public String entityKey;

    @Column(name = "is_primary")
    public boolean primary;

    @Column(name = "organization_key")
    public String organizationKey;

    @Column(name = "role_or_title")
    public String roleOrTitle;

    public String emails;

    public String phones;

    public String addresses;

    public String websites;

    /** The card's fields the sandbox does not interpret (social links, ...), as last written (a JSON object). */
    public String unmodelled;
}
