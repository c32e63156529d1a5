package io.xpmsync.push.xpm;

import io.xpmsync.budget.ApiBudget;
import io.xpmsync.client.xpm.XpmAllowance;
import io.xpmsync.client.xpm.XpmApi;
import io.xpmsync.client.xpm.XpmApiConfig;
import io.xpmsync.push.config.PushConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.net.URI;

/**
 * The XPM client of this instance: each practice's allowance shared with every replica and with connector-service
 * ({@link XpmAllowance}), tokens from connector-service.
 */
public class XpmApis {

    @Produces
    @Singleton
    XpmAllowance allowance(ApiBudget budget, PushConfig config) {
        return new XpmAllowance(budget, XpmAllowance.Plans.parse(new XpmAllowance.Limits(config.xpmCallsPerMinute(),
                config.xpmCallsPerDay(), config.xpmCallsAtOnce()), config.xpmPracticeLimits().orElse("")),
                config.xpmAppCallsPerMinute(), config.xpmTimeout().plusSeconds(5));
    }

    @Produces
    @Singleton
    XpmApi api(PushConfig config, ConnectorTokens tokens, XpmAllowance allowance) {
        XpmApiConfig defaults = XpmApiConfig.of(URI.create(config.xpmApiUrl()));
        return new XpmApi(new XpmApiConfig(defaults.baseUrl(), defaults.maxAttempts(), defaults.initialBackoff(),
                config.xpmTimeout(), defaults.maxRetryAfter()), tokens, allowance, config.budgetWait());
    }
}
