package io.xpmsync.push.xpm;

import io.xpmsync.client.xpm.XpmApi;
import io.xpmsync.client.xpm.XpmApiConfig;
import io.xpmsync.client.xpm.XpmCallBudget;
import io.xpmsync.push.config.PushConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.net.URI;

/** The XPM client of this instance: its share of every practice's limits, tokens from connector-service. */
public class XpmApis {

    @Produces
    @Singleton
    XpmCallBudget budget(PushConfig config) {
        return XpmCallBudget.share(config.callShare());
    }

    @Produces
    @Singleton
    XpmApi api(PushConfig config, ConnectorTokens tokens, XpmCallBudget budget) {
        XpmApiConfig defaults = XpmApiConfig.of(URI.create(config.xpmApiUrl()));
        return new XpmApi(new XpmApiConfig(defaults.baseUrl(), defaults.maxAttempts(), defaults.initialBackoff(),
                config.xpmTimeout(), defaults.maxRetryAfter()), tokens, budget, config.budgetWait());
    }
}
