package io.xpmsync.client.xpm.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

import java.util.List;

/**
 * {@code <Contacts><Contact/>...</Contacts>}. Its own type because Jackson's XML module cannot bind a wrapped list to a
 * record component; an empty {@code <Contacts />} reads as no contacts.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record XpmContactList(
        @JacksonXmlElementWrapper(useWrapping = false)
        @JacksonXmlProperty(localName = "Contact") List<XpmContact> items) {

    public XpmContactList {
        items = items == null ? List.of() : List.copyOf(items);
    }

    public static List<XpmContact> of(XpmContactList list) {
        return list == null ? List.of() : list.items();
    }
}
