package io.xpmsync.client.xpm.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

import java.util.List;

/** {@code <Clients><Client/>...</Clients>}; see {@link XpmContactList} for why it is a type of its own. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record XpmClientList(
        @JacksonXmlElementWrapper(useWrapping = false)
        @JacksonXmlProperty(localName = "Client") List<XpmClient> items) {

    public XpmClientList {
        items = items == null ? List.of() : List.copyOf(items);
    }

    public static List<XpmClient> of(XpmClientList list) {
        return list == null ? List.of() : list.items();
    }
}
