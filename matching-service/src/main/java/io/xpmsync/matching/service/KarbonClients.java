package io.xpmsync.matching.service;

import io.xpmsync.budget.ApiBudget;
import io.xpmsync.client.karbon.KarbonAllowance;
import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientConfig;
import io.xpmsync.matching.config.MatchingConfig;
import io.xpmsync.matching.persistence.KarbonConnectionEntity;
import io.xpmsync.messaging.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Duration;

/**
 * A client of one firm's Karbon, spending the firm's Karbon allowance (shared with mapping-service's writes). A call
 * waits at most {@code longestWait} for the allowance, and a 429 is not waited out: the caller puts its work back,
 * due when there is room, so one firm's limit holds up no other firm.
 */
@ApplicationScoped
public class KarbonClients {

    private final SecretBox secrets;
    private final KarbonAllowance allowance;

    KarbonClients(SecretBox secrets, MatchingConfig config, ApiBudget budget) {
        this.secrets = secrets;
        this.allowance = new KarbonAllowance(budget, config.karbon().callsPerMinute());
    }

    public KarbonClient forFirm(KarbonConnectionEntity connection, Duration longestWait) {
        return new KarbonClient(KarbonClientConfig.of(URI.create(connection.baseUrl), connection.applicationId,
                        secrets.open(connection.accessKeySealed, connection.firmId))
                .withGate(allowance.gate(connection.firmId, longestWait))
                .withMaxRetryAfter(Duration.ZERO));
    }
}
