package io.xpmsync.connector.sync;

import io.xpmsync.budget.ApiBudget;
import io.xpmsync.client.xpm.XpmAllowance;
import io.xpmsync.client.xpm.XpmApi;
import io.xpmsync.client.xpm.XpmApiConfig;
import io.xpmsync.connector.config.ConnectorConfig;
import io.xpmsync.connector.connection.XpmConnections;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.net.URI;

/**
 * The XPM client of this instance: each practice's allowance shared with every replica and with push-service
 * ({@link XpmAllowance}), tokens from {@link XpmConnections}.
 */
public class XpmApis {

    @Produces
    @Singleton
    XpmAllowance allowance(ApiBudget budget, ConnectorConfig config) {
        XpmApiConfig defaults = XpmApiConfig.of(URI.create(config.xpm().apiUrl()));
        return new XpmAllowance(budget, XpmAllowance.Plans.parse(new XpmAllowance.Limits(config.xpm().callsPerMinute(),
                config.xpm().callsPerDay(), config.xpm().callsAtOnce()), config.xpm().practiceLimits().orElse("")),
                config.xpm().appCallsPerMinute(), defaults.requestTimeout().plusSeconds(5));
    }

    @Produces
    @Singleton
    XpmApi api(ConnectorConfig config, XpmConnections connections, XpmAllowance allowance) {
        return new XpmApi(XpmApiConfig.of(URI.create(config.xpm().apiUrl())), connections, allowance,
                config.xpm().budgetWait());
    }
}
