package io.xpmsync.client.xpm.model;

import java.time.Instant;

/**
 * This instance's share of a practice's XPM calls is used up for longer than a caller is willing to wait (typically
 * the day's share): the call was not made. {@link #availableAt()} says when it may be.
 */
public class XpmBudgetExhaustedException extends XpmException {

    private final Instant availableAt;

    public XpmBudgetExhaustedException(String message, Instant availableAt) {
        super(0, true, message, null);
        this.availableAt = availableAt;
    }

    public Instant availableAt() {
        return availableAt;
    }
}
