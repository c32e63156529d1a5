package io.xpmsync.client.xpm.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * An XPM contact, as {@code client.api/contact} reads and writes it and as it appears inside a client. {@code Yes}/{@code No}
 * flags stay text on the wire; read them through {@link YesNo}. {@code IsPrimary} and {@code Position} belong to the
 * link with one client.
 */
@JacksonXmlRootElement(localName = "Contact")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record XpmContact(
        @JacksonXmlProperty(localName = "UUID") String uuid,
        @JacksonXmlProperty(localName = "Client") XpmRef client,
        @JacksonXmlProperty(localName = "Name") String name,
        @JacksonXmlProperty(localName = "Salutation") String salutation,
        @JacksonXmlProperty(localName = "Addressee") String addressee,
        @JacksonXmlProperty(localName = "Mobile") String mobile,
        @JacksonXmlProperty(localName = "Email") String email,
        @JacksonXmlProperty(localName = "Phone") String phone,
        @JacksonXmlProperty(localName = "IsDeleted") String isDeleted,
        @JacksonXmlProperty(localName = "IsPrimary") String isPrimary,
        @JacksonXmlProperty(localName = "Position") String position) {
}
