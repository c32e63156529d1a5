package io.xpmsync.client.xpm.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

import java.util.List;

/**
 * Every XPM answer: {@code <Response><Status>OK|ERROR</Status>...}. XPM reports some errors with HTTP 200 and
 * {@code <Status>ERROR</Status>}, so every answer is checked with {@link #requireOk()}.
 */
@JacksonXmlRootElement(localName = "Response")
@JsonIgnoreProperties(ignoreUnknown = true)
public record XpmResponse(
        @JacksonXmlProperty(isAttribute = true, localName = "api-method") String apiMethod,
        @JacksonXmlProperty(localName = "Status") String status,
        @JacksonXmlProperty(localName = "ErrorDescription") String errorDescription,
        @JacksonXmlProperty(localName = "Clients") XpmClientList clientList,
        @JacksonXmlProperty(localName = "Contacts") XpmContactList contactList,
        @JacksonXmlProperty(localName = "Pagination") XpmPagination pagination) {

    public static final String OK = "OK";
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
