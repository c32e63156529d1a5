package io.xpmsync.matching.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.xpmsync.budget.ApiBudget;
import io.xpmsync.client.karbon.KarbonAllowance;
import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientConfig;
import io.xpmsync.client.karbon.model.ContactSummaryDto;
import io.xpmsync.client.karbon.model.OrganizationSummaryDto;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.matching.config.MatchingConfig;
import io.xpmsync.messaging.SecretBox;
import io.xpmsync.matching.persistence.KarbonConnectionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fills a firm's index from the Karbon API when the firm connects (its Karbon connection is registered, or its XPM
 * connection is made again). Several instances never bootstrap the same firm at once: a firm is claimed with
 * SKIP LOCKED, and a claim older than ten minutes (its instance died) is taken over.
 *
 * <p>Its Karbon calls spend the firm's Karbon allowance, shared with mapping-service's writes ({@link KarbonAllowance}).
 *
 * <p>Karbon's list endpoints carry each record's name, Contact Type and primary email; the contact events that follow
 * carry every email. A record already indexed from a newer event is not overwritten (see {@link KarbonIndexHandler}).
 */
@ApplicationScoped
public class KarbonIndexBootstrap {

    private static final Logger LOG = Logger.getLogger(KarbonIndexBootstrap.class);

    private record Claim(String firmId, KarbonClientConfig karbon) {
    }

    /** A Karbon record and when Karbon last changed it. */
    private record Indexed(ContactSnapshot contact, Instant changedAt) {
    }

    /** A bootstrap is background work: its calls wait for the firm's Karbon allowance as long as Karbon asks. */
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(2);

    private final KarbonIndexHandler index;
    private final SecretBox secrets;
    private final MatchingConfig config;
    private final KarbonAllowance allowance;

    KarbonIndexBootstrap(KarbonIndexHandler index, SecretBox secrets, MatchingConfig config, ApiBudget budget) {
        this.index = index;
        this.secrets = secrets;
        this.config = config;
        this.allowance = new KarbonAllowance(budget, config.karbon().callsPerMinute());
    }

    @Scheduled(every = "${matching.bootstrap.interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void runPending() {
        for (Optional<Claim> claim = claimNext(); claim.isPresent(); claim = claimNext()) {
            bootstrap(claim.get());
        }
    }

    private Optional<Claim> claimNext() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant stale = Instant.now().minus(10, ChronoUnit.MINUTES);
            Optional<KarbonConnectionEntity> next = KarbonConnectionEntity.<KarbonConnectionEntity>find(
                            "bootstrapState = ?1 or (bootstrapState = ?2 and updatedAt < ?3) order by updatedAt",
                            KarbonConnectionEntity.PENDING, KarbonConnectionEntity.RUNNING, stale)
                    .withLock(LockModeType.PESSIMISTIC_WRITE)
                    .withHint("jakarta.persistence.lock.timeout", -2)
                    .page(0, 1).firstResultOptional();
            return next.map(c -> {
                c.bootstrapState = KarbonConnectionEntity.RUNNING;
                c.updatedAt = Instant.now();
                return new Claim(c.firmId, KarbonClientConfig.of(URI.create(c.baseUrl), c.applicationId,
                        secrets.open(c.accessKeySealed)).withGate(allowance.gate(c.firmId, LONGEST_WAIT)));
            });
        });
    }

    private void bootstrap(Claim claim) {
        try {
            KarbonClient karbon = new KarbonClient(claim.karbon());
            List<Indexed> records = new ArrayList<>();
            for (OrganizationSummaryDto o : karbon.listOrganizations(null)) {
                records.add(new Indexed(snapshot(ContactRef.karbonOrganization(o.organizationKey()), o.fullName(),
                        o.emailAddress(), o.contactType()), time(o.lastModifiedDateTime())));
            }
            for (ContactSummaryDto c : karbon.listContacts(null)) {
                records.add(new Indexed(snapshot(ContactRef.karbonPerson(c.contactKey()), c.fullName(),
                        c.emailAddress(), c.contactType()), time(c.lastModifiedDateTime())));
            }
            int batch = config.bootstrap().batchSize();
            for (int from = 0; from < records.size(); from += batch) {
                List<Indexed> slice = records.subList(from, Math.min(records.size(), from + batch));
                QuarkusTransaction.requiringNew().run(() ->
                        slice.forEach(r -> index.apply(claim.firmId(), r.contact(), r.changedAt())));
            }
            finish(claim.firmId(), KarbonConnectionEntity.DONE, null);
            LOG.infof("firm %s: indexed %d Karbon records from the Karbon API", claim.firmId(), records.size());
        } catch (RuntimeException e) {
            LOG.warnf("firm %s: bootstrap of the Karbon index failed: %s", claim.firmId(), e.getMessage());
            finish(claim.firmId(), KarbonConnectionEntity.FAILED, e.getMessage());
        }
    }

    private void finish(String firmId, String state, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            KarbonConnectionEntity connection = KarbonConnectionEntity.findById(firmId);
            // A registration that arrived meanwhile set PENDING again: leave it for the next round.
            if (connection != null && KarbonConnectionEntity.RUNNING.equals(connection.bootstrapState)) {
                connection.bootstrapState = state;
                connection.bootstrapError = error;
                connection.bootstrappedAt = KarbonConnectionEntity.DONE.equals(state) ? Instant.now() : null;
                connection.updatedAt = Instant.now();
            }
        });
    }

    private static ContactSnapshot snapshot(ContactRef ref, String name, String email, String contactType) {
        List<String> emails = email == null || email.isBlank() ? List.of() : List.of(email);
        return new ContactSnapshot(ref, name == null ? "" : name, null, null, emails, List.of(), null, null, null,
                contactType, List.of(), false, false, null);
    }

    private static Instant time(String lastModified) {
        return lastModified == null ? Instant.EPOCH : Instant.parse(lastModified);
    }
}
