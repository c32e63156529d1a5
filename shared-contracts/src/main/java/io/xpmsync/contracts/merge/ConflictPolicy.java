package io.xpmsync.contracts.merge;

/**
 * What happens when the same synced field of a mapped contact changed on both sides to different values before the
 * two met: the firm's choice in Contact Sync Settings. Whatever decides, the value that lost is kept in the contact's
 * history with both values and the rule.
 */
public enum ConflictPolicy {
    /** The conflict waits for a person (Conflicts to resolve); each system keeps its own value until then. */
    ASK("Ask a person"),
    /** XPM's value is written to Karbon. */
    XPM_WINS("XPM wins"),
    /** Karbon's value is written to XPM. */
    KARBON_WINS("Karbon wins"),
    /** The value changed last wins, by what each side says about when (see docs/requirements.md). */
    MOST_RECENT("The most recent change wins");

    private final String words;

    ConflictPolicy(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    /** The policy of settings that name none (kept before conflicts existed): ask. */
    public static ConflictPolicy orDefault(ConflictPolicy policy) {
        return policy == null ? ASK : policy;
    }
}
