package io.xpmsync.client.xpm;

import io.xpmsync.client.xpm.model.XpmContact;

import java.util.List;

/** One page of {@code client.api/contacts}; {@code nextPageToken} is {@code null} on the last page. */
public record XpmContactPage(List<XpmContact> contacts, String nextPageToken) {

    public XpmContactPage {
        contacts = List.copyOf(contacts);
    }
}
