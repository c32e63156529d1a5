package io.xpmsync.push.domain;

import io.xpmsync.contracts.contact.ContactKind;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The seed's rules for pushing a Karbon change to XPM, as a function of what push-service knows:
 * <ul>
 *   <li>nothing is pushed while no Contact Type is selected (or the firm is not connected), nor a change made in
 *       Karbon before the firm connected (it was made while nothing was pushed; its next change is);</li>
 *   <li>an Organization is pushed when its Contact Type is selected: created in XPM when unmapped (unless it is a
 *       candidate of an open partial match), updated when mapped and active;</li>
 *   <li>a Person only when a business card links it to an Organization that is itself synced (mapped to an active XPM
 *       client and of a selected type), as a contact of that client; other people never;</li>
 *   <li>a write happens only when the pushed fields differ from what XPM holds as far as we know, so a change that
 *       echoes back from XPM causes no XPM write;</li>
 *   <li>a contact that holds exactly the values of an unmapped XPM record was created from it (mapping-service wrote it
 *       to Karbon; its mapping is on the way): it waits for that mapping instead of making a duplicate in XPM.</li>
 * </ul>
 * Pure and fast: no I/O, no framework.
 */
public final class PushRules {

    private PushRules() {
    }

    public static PushDecision decide(PushFacts f) {
        if (f.pushedTypes().isEmpty()) {
            return new PushDecision.Skip("no Contact Type is selected for pushing to XPM (or the firm is not connected)");
        }
        if (beforeConnecting(f.changedAt(), f.connectedAt())) {
            return new PushDecision.Skip("changed in Karbon before the firm connected XPM, while nothing was pushed;"
                    + " it is pushed when it next changes");
        }
        return f.change().ref().kind() == ContactKind.KARBON_ORGANIZATION ? organization(f) : person(f);
    }

    private static PushDecision organization(PushFacts f) {
        String type = f.change().contactType();
        if (!typeIn(type, f.pushedTypes())) {
            return new PushDecision.Skip("Contact Type '" + type + "' is not among the types pushed to XPM");
        }
        PushFacts.XpmLink mapping = f.mapping() != null && f.mapping().client() ? f.mapping() : null;
        if (mapping != null && !mapping.active()) {
            return new PushDecision.Skip("its XPM client is " + mapping.state().toLowerCase(Locale.ROOT)
                    .replace('_', ' '));
        }
        if (mapping != null) {
            return f.projection().equals(f.xpmHolds()) ? new PushDecision.Unchanged(mapping.xpmId(), false)
                    : new PushDecision.Update(mapping.xpmId(), false, null);
        }
        return unmapped(f).orElseGet(() -> new PushDecision.Create(false, null));
    }

    private static PushDecision person(PushFacts f) {
        Optional<String> client = f.organizations().stream()
                .filter(org -> typeIn(org.contactType(), f.pushedTypes()))
                .map(PushFacts.LinkedOrganization::mapping)
                .filter(m -> m != null && m.client() && m.active())
                .map(PushFacts.XpmLink::xpmId)
                .findFirst();
        if (client.isEmpty()) {
            return new PushDecision.Skip("a Person is pushed only when a business card links it to an Organization"
                    + " synced with XPM");
        }
        PushFacts.XpmLink mapping = f.mapping() != null && !f.mapping().client() ? f.mapping() : null;
        if (mapping != null) {
            return f.projection().equals(f.xpmHolds()) ? new PushDecision.Unchanged(mapping.xpmId(), true)
                    : new PushDecision.Update(mapping.xpmId(), true, client.get());
        }
        return unmapped(f).orElseGet(() -> new PushDecision.Create(true, client.get()));
    }

    /** What stops an unmapped contact from being created in XPM, if anything. */
    private static Optional<PushDecision> unmapped(PushFacts f) {
        if (f.openPartial() != null) {
            return Optional.of(new PushDecision.Skip("it is a candidate of the open partial match for XPM record "
                    + f.openPartial() + "; resolve it in Resolve Partial Matches first"));
        }
        if (f.createdFrom() != null) {
            return Optional.of(new PushDecision.AwaitMapping(f.createdFrom(), false));
        }
        if (f.unmappedTwin() != null) {
            return Optional.of(new PushDecision.AwaitMapping(f.unmappedTwin(), true));
        }
        return Optional.empty();
    }

    /** Whether a Contact Type is among the selected ones (trimmed, case-insensitive). */
    public static boolean typeIn(String type, List<String> types) {
        return type != null && types.stream().anyMatch(t -> t.strip().toLowerCase(Locale.ROOT)
                .equals(type.strip().toLowerCase(Locale.ROOT)));
    }

    /** Whether a change made at {@code changedAt} happened before the firm connected at {@code connectedAt}. */
    private static boolean beforeConnecting(Instant changedAt, Instant connectedAt) {
        return changedAt != null && connectedAt != null && changedAt.isBefore(connectedAt);
    }
}
