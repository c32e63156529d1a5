package io.xpmsync.client.xpm.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

/** A reference to another XPM record: {@code <Client><UUID>..</UUID></Client>}, {@code <AccountManager>}, ... */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record XpmRef(@JacksonXmlProperty(localName = "UUID") String uuid,
                     @JacksonXmlProperty(localName = "Name") String name) {
}
