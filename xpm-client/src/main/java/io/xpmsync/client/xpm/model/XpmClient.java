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
        @JacksonXmlProperty(localName = "Contacts") XpmContactList contactList,
        @JacksonXmlProperty(localName = "TaxNumber") String taxNumber,
        @JacksonXmlProperty(localName = "GSTPeriod") String gstPeriod) {

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
