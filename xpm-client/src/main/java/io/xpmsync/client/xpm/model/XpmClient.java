package io.xpmsync.client.xpm.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

import java.util.List;

/**
 * An XPM client with the fields xpm-sync reads and writes (the practice-management fields it does not sync are
 * ignored on reading). XPM answers with {@code <Website>} and takes {@code <WebSite>} in requests: both are read.
 * {@code IsProspect} is read (a prospect converted to a client gets a new UUID); {@code client.api/add} sends it as
 * No, an update only as XPM holds it. Contacts come after them, as in Xero's request examples.
 * {@code TaxNumber} and {@code GSTPeriod} are here to be read (XPM answers them masked and in words) and for
 * xpm-sandbox to take them; xpm-sync never writes them (see {@code XpmUpdates.READ_IN_ANOTHER_FORM}).
 */
@JacksonXmlRootElement(localName = "Client")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record XpmClient(
        @JacksonXmlProperty(localName = "UUID") String uuid,
        @JacksonXmlProperty(localName = "Name") String name,
        @JacksonXmlProperty(localName = "FirstName") String firstName,
        @JacksonXmlProperty(localName = "LastName") String lastName,
        @JacksonXmlProperty(localName = "Email") String email,
        @JacksonXmlProperty(localName = "Address") String address,
        @JacksonXmlProperty(localName = "City") String city,
        @JacksonXmlProperty(localName = "Region") String region,
        @JacksonXmlProperty(localName = "PostCode") String postCode,
        @JacksonXmlProperty(localName = "Country") String country,
        @JacksonXmlProperty(localName = "PostalAddress") String postalAddress,
        @JacksonXmlProperty(localName = "PostalCity") String postalCity,
        @JacksonXmlProperty(localName = "PostalRegion") String postalRegion,
        @JacksonXmlProperty(localName = "PostalPostCode") String postalPostCode,
        @JacksonXmlProperty(localName = "PostalCountry") String postalCountry,
        @JacksonXmlProperty(localName = "Phone") String phone,
        @JacksonXmlProperty(localName = "Fax") String fax,
        @JacksonXmlProperty(localName = "Website") String website,
        @JacksonXmlProperty(localName = "WebSite") String webSiteInRequests,
        @JacksonXmlProperty(localName = "BusinessStructure") String businessStructure,
        @JacksonXmlProperty(localName = "IsArchived") String isArchived,
        @JacksonXmlProperty(localName = "IsDeleted") String isDeleted,
        @JacksonXmlProperty(localName = "IsProspect") String isProspect,
        @JacksonXmlProperty(localName = "Contacts") XpmContactList contactList,
        @JacksonXmlProperty(localName = "TaxNumber") String taxNumber,
        @JacksonXmlProperty(localName = "GSTPeriod") String gstPeriod) {

    /** A client without {@code IsProspect} (a request that leaves it as XPM holds it). */
    public XpmClient(String uuid, String name, String firstName, String lastName, String email, String address,
                     String city, String region, String postCode, String country, String postalAddress,
                     String postalCity, String postalRegion, String postalPostCode, String postalCountry, String phone,
                     String fax, String website, String webSiteInRequests, String businessStructure,
                     String isArchived, String isDeleted, XpmContactList contactList) {
        this(uuid, name, firstName, lastName, email, address, city, region, postCode, country, postalAddress,
                postalCity, postalRegion, postalPostCode, postalCountry, phone, fax, website, webSiteInRequests,
                businessStructure, isArchived, isDeleted, null, contactList, null, null);
    }

    /** A client without its tax number and GST period (what xpm-sync sends: it never writes them). */
    public XpmClient(String uuid, String name, String firstName, String lastName, String email, String address,
                     String city, String region, String postCode, String country, String postalAddress,
                     String postalCity, String postalRegion, String postalPostCode, String postalCountry, String phone,
                     String fax, String website, String webSiteInRequests, String businessStructure,
                     String isArchived, String isDeleted, String isProspect, XpmContactList contactList) {
        this(uuid, name, firstName, lastName, email, address, city, region, postCode, country, postalAddress,
                postalCity, postalRegion, postalPostCode, postalCountry, phone, fax, website, webSiteInRequests,
                businessStructure, isArchived, isDeleted, isProspect, contactList, null, null);
    }

    /** A client with its tax number and GST period, whose prospect flag is left as XPM holds it. */
    public XpmClient(String uuid, String name, String firstName, String lastName, String email, String address,
                     String city, String region, String postCode, String country, String postalAddress,
                     String postalCity, String postalRegion, String postalPostCode, String postalCountry, String phone,
                     String fax, String website, String webSiteInRequests, String businessStructure,
                     String isArchived, String isDeleted, XpmContactList contactList, String taxNumber,
                     String gstPeriod) {
        this(uuid, name, firstName, lastName, email, address, city, region, postCode, country, postalAddress,
                postalCity, postalRegion, postalPostCode, postalCountry, phone, fax, website, webSiteInRequests,
                businessStructure, isArchived, isDeleted, null, contactList, taxNumber, gstPeriod);
    }

    /** Whether XPM holds it as a prospect rather than a client. */
    @JsonIgnore
    public boolean prospect() {
        return YesNo.read(isProspect);
    }

    /** The same client with what {@code client.api/get} said of its business structure and prospect flag. */
    public XpmClient withGetOnlyFields(String structure, String prospect) {
        return new XpmClient(uuid, name, firstName, lastName, email, address, city, region, postCode, country,
                postalAddress, postalCity, postalRegion, postalPostCode, postalCountry, phone, fax, website,
                webSiteInRequests, structure, isArchived, isDeleted, prospect, contactList, taxNumber, gstPeriod);
    }

    /** As Xero's {@code client.api/list} example shows a client: without BusinessStructure and IsProspect. */
    public XpmClient withoutGetOnlyFields() {
        return withGetOnlyFields(null, null);
    }

    /** Whether the list left out what only {@code client.api/get} answers (an empty element is an answer). */
    @JsonIgnore
    public boolean lacksGetOnlyFields() {
        return businessStructure == null || isProspect == null;
    }

    /** The client's contacts; none for an empty or absent {@code <Contacts>}. */
    @JsonIgnore
    public List<XpmContact> contacts() {
        return XpmContactList.of(contactList);
    }

    /** The website, whichever spelling carried it. */
    @JsonIgnore
    public String websiteAnySpelling() {
        return website != null && !website.isBlank() ? website : webSiteInRequests;
    }
}
