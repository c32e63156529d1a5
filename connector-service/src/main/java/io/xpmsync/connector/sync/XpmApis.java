package io.xpmsync.connector.sync;

import io.xpmsync.client.xpm.XpmApi;
import io.xpmsync.client.xpm.XpmApiConfig;
import io.xpmsync.client.xpm.XpmCallBudget;
import io.xpmsync.connector.config.ConnectorConfig;
import io.xpmsync.connector.connection.XpmConnections;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.net.URI;

/** The XPM client of this instance, with its share of every practice's limits and tokens from {@link XpmConnections}. */
public class XpmApis {

    @Produces
    @Singleton
    XpmCallBudget budget(ConnectorConfig config) {
        return XpmCallBudget.share(config.xpm().callShare());
    }

    @Produces
    @Singleton
    XpmApi api(ConnectorConfig config, XpmConnections connections, XpmCallBudget budget) {
        return new XpmApi(XpmApiConfig.of(URI.create(config.xpm().apiUrl())), connections, budget,
                config.xpm().budgetWait());
    }
}
