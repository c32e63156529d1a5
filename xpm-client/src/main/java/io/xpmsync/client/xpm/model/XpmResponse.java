package io.xpmsync.client.xpm.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

import java.util.List;

/**
 * Every XPM answer: {@code <Response><Status>OK|ERROR</Status>...}. XPM reports some errors with HTTP 200 and
 * {@code <Status>ERROR</Status>}, so every answer is checked with {@link #requireOk()}.
 */
@JacksonXmlRootElement(localName = "Response")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record XpmResponse(
        @JacksonXmlProperty(isAttribute = true, localName = "api-method") String apiMethod,
        @JacksonXmlProperty(localName = "Status") String status,
        @JacksonXmlProperty(localName = "ErrorDescription") String errorDescription,
        @JacksonXmlProperty(localName = "Client") XpmClient client,
        @JacksonXmlProperty(localName = "Contact") XpmContact contact,
        @JacksonXmlProperty(localName = "Clients") XpmClientList clientList,
        @JacksonXmlProperty(localName = "Contacts") XpmContactList contactList,
        @JacksonXmlProperty(localName = "Pagination") XpmPagination pagination) {

    public static final String OK = "OK";

    /** An OK answer to {@code apiMethod} (the sandbox's answers are built with these). */
    public static XpmResponse ok(String apiMethod, XpmClient client, XpmContact contact, XpmClientList clients,
                                 XpmContactList contacts, XpmPagination pagination) {
        return new XpmResponse(apiMethod, OK, null, client, contact, clients, contacts, pagination);
    }

    public static XpmResponse error(String description) {
        return new XpmResponse(null, ERROR, description, null, null, null, null, null);
    }
    public static final String ERROR = "ERROR";

    @JsonIgnore
    public List<XpmClient> clients() {
        return XpmClientList.of(clientList);
    }

    @JsonIgnore
    public List<XpmContact> contacts() {
        return XpmContactList.of(contactList);
    }

    /** This answer, if its status is OK; otherwise an {@link XpmErrorException} with XPM's own description. */
    public XpmResponse requireOk() {
        if (OK.equalsIgnoreCase(status == null ? "" : status.strip())) {
            return this;
        }
        String description = errorDescription == null || errorDescription.isBlank()
                ? "(no ErrorDescription)" : errorDescription.strip();
        throw new XpmErrorException("XPM answered Status " + (status == null ? "(missing)" : status.strip()) + ": "
                + description, description);
    }
}
