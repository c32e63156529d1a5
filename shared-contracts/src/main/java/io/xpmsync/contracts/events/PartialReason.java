package io.xpmsync.contracts.events;

/** Why a match, or one candidate of it, is partial rather than exact. */
public enum PartialReason {
    /** The name matches, the email does not. */
    NAME_ONLY,
    /** An email matches, the name does not. */
    EMAIL_ONLY,
    /** More than one Karbon contact matches both name and email. */
    SEVERAL_EXACT_CANDIDATES,
    /** The Karbon contact is already mapped to another XPM record. */
    CANDIDATE_ALREADY_MAPPED,
    /** The XPM record or the Karbon contact has no email, so the email cannot confirm the name. */
    EMAIL_MISSING,
    /** Name and email match, but one is a person and the other an organization. */
    KIND_MISMATCH
}
