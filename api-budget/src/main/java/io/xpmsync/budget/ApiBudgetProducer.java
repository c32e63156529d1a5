package io.xpmsync.budget;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.util.concurrent.Callable;

/**
 * The shared budgets for a Quarkus service, on its default data source; the budget's statements run with the
 * caller's transaction suspended, so a call taken stays taken whatever happens to the caller's work.
 */
@ApplicationScoped
public class ApiBudgetProducer {

    @Produces
    @Singleton
    ApiBudget apiBudget(DataSource dataSource) {
        return new ApiBudget(dataSource, new ApiBudget.Isolation() {
            @Override
            public <T> T call(Callable<T> work) {
                return QuarkusTransaction.suspendingExisting().call(work);
            }
        });
    }
}
