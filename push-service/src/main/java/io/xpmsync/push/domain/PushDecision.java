package io.xpmsync.push.domain;

/** What to do with one Karbon change: the answer of {@link PushRules#decide}. */
public sealed interface PushDecision {

    /** Nothing goes to XPM, for this reason (told to the firm as is). */
    record Skip(String reason) implements PushDecision {
    }

    /** XPM already holds these values in record {@code xpmId}: no write. */
    record Unchanged(String xpmId, boolean person) implements PushDecision {
    }

    /** A new XPM client (an Organization) or a new contact of client {@code clientUuid} (a Person). */
    record Create(boolean person, String clientUuid) implements PushDecision {
    }

    /** The mapped XPM record is written with the contact's values. */
    record Update(String xpmId, boolean person, String clientUuid) implements PushDecision {
    }

    /**
     * The contact looks created from unmapped XPM record {@code xpmId}: wait for that mapping rather than create the
     * record again in XPM; {@code remember}: the link was found now and is to be remembered for the next changes.
     */
    record AwaitMapping(String xpmId, boolean remember) implements PushDecision {
    }
}
