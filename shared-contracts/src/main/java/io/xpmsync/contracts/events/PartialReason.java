package io.xpmsync.contracts.events;

/** Why a match is partial rather than exact or new. */
public enum PartialReason {
    NAME_ONLY,
    EMAIL_ONLY,
    SEVERAL_EXACT_CANDIDATES,
    CANDIDATE_ALREADY_MAPPED,
    EMAIL_MISSING
}
