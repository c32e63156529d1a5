package io.xpmsync.xpmsandbox.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An XPM client, with the fields the XPM 3.1 client API reads and writes for contact sync. */
@Entity
@Table(name = "client")
public class ClientEntity extends PanacheEntityBase {

    @Id
    public UUID uuid;

    @Column(name = "tenant_id")
    public UUID tenantId;

    public String name;
    @Column(name = "first_name")
    public String firstName;
    @Column(name = "last_name")
    public String lastName;
    public String email;
    public String address;
    public String city;
    public String region;
    @Column(name = "post_code")
    public String postCode;
    public String country;
    @Column(name = "postal_address")
    public String postalAddress;
    @Column(name = "postal_city")
    public String postalCity;
    @Column(name = "postal_region")
    public String postalRegion;
    @Column(name = "postal_post_code")
    public String postalPostCode;
    @Column(name = "postal_country")
    public String postalCountry;
    public String phone;
    public String fax;
    public String website;
    @Column(name = "business_structure")
    public String businessStructure;
    /** In full, as a person typed it; the API answers it masked ({@code TaxForms}). */
    @Column(name = "tax_number")
    public String taxNumber;
    /** As an update takes it: a number of months; the API answers it in words ({@code TaxForms}). */
    @Column(name = "gst_period_months")
    public Integer gstPeriodMonths;
    public boolean archived;
    public boolean deleted;
    /** XPM's IsProspect. */
    public boolean prospect;

    @Column(name = "modified_at")
    public Instant modifiedAt;
}
