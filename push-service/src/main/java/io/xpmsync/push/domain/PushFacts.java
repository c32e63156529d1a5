package io.xpmsync.push.domain;

import io.xpmsync.contracts.contact.ContactSnapshot;

import java.time.Instant;
import java.util.List;

/**
 * What push-service knows when it decides on one Karbon change, read from its local views in one transaction.
 *
 * @param change         the contact as it is now in Karbon (the latest of a coalesced burst)
 * @param changedAt      when it changed in Karbon (null: not known)
 * @param projection     the hash of the fields that would go to XPM (see {@code XpmProjection})
 * @param pushedTypes    the Contact Types pushed to XPM; empty when none is selected or the firm is not connected
 * @param connectedAt    when the firm connected XPM (null: not connected or not known)
 * @param mapping        the contact's own mapping to an XPM record (null: unmapped)
 * @param xpmHolds       the projection hash XPM holds for the mapped record, as far as we know (null: not known)
 * @param openPartial    the XPM record of an open partial match that has this contact among its candidates (or null)
 * @param createdFrom    the unmapped XPM record this contact was noted as created from (or null)
 * @param unmappedTwin   an unmapped XPM record holding exactly {@code projection} (or null)
 * @param organizations  for a Person: the Organizations its business cards link it to, as push-service knows them
 */
public record PushFacts(ContactSnapshot change, Instant changedAt, String projection, List<String> pushedTypes,
                        Instant connectedAt, XpmLink mapping, String xpmHolds, String openPartial, String createdFrom,
                        String unmappedTwin, List<LinkedOrganization> organizations) {

    public PushFacts {
        pushedTypes = List.copyOf(pushedTypes);
        organizations = List.copyOf(organizations);
    }

    /** A mapping as push-service knows it: the XPM record, whether it is a client, and its state (ACTIVE, …). */
    public record XpmLink(String xpmId, boolean client, String state) {
        public boolean active() {
            return "ACTIVE".equals(state);
        }
    }

    /** An Organization a Person is linked to: its Contact Type and its mapping (null: unmapped). */
    public record LinkedOrganization(String karbonKey, String contactType, XpmLink mapping) {
    }
}
