package io.xpmsync.mapping.karbon;

import io.xpmsync.budget.ApiBudget;
import io.xpmsync.client.karbon.KarbonAllowance;
import io.xpmsync.client.karbon.KarbonCallGate;
import io.xpmsync.mapping.config.MappingConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * This service's view of each firm's Karbon allowance (shared with every replica and with matching-service): the
 * workers ask it before each verdict, and every Karbon call takes from it.
 */
@ApplicationScoped
public class KarbonBudget {

    /** The longest a call waits for the allowance inside a verdict; longer, the firm's work is postponed instead. */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(2);

    private final KarbonAllowance allowance;

    KarbonBudget(ApiBudget budget, MappingConfig config) {
        this.allowance = new KarbonAllowance(budget, config.karbon().callsPerMinute());
    }

    /** How long until the firm may make a Karbon call (a pause, or its allowance refilling); empty: now. */
    public Optional<Duration> waitBefore(String firmId) {
        return allowance.waitBefore(firmId);
    }

    /** The pause in force after Karbon's 429, if any. */
    public Optional<ApiBudget.Pause> pause(String firmId) {
        return allowance.pause(firmId);
    }

    public KarbonCallGate gate(String firmId) {
        return allowance.gate(firmId, LONGEST_WAIT);
    }
}
