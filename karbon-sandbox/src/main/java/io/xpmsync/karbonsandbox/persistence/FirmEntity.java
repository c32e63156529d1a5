package io.xpmsync.karbonsandbox.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A Karbon tenant (one accounting firm) with the API credentials it issued to xpm-sync. */
@Entity
@Table(name = "firm")
public class FirmEntity extends PanacheEntityBase {

    @Id
    @Column(name = "firm_id")
    public String firmId;

    public String name;

    public String country;

    @Column(name = "tenant_key")
    public String tenantKey;

    @Column(name = "application_id")
    public String applicationId;

    @Column(name = "access_key")
    public String accessKey;

    /** The tenant's Contact Types, one per line. */
    @Column(name = "contact_types")
    public String contactTypes;
}
