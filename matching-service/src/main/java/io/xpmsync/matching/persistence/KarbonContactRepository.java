package io.xpmsync.matching.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class KarbonContactRepository implements PanacheRepository<KarbonContactEntity> {

    public Optional<KarbonContactEntity> findByKey(String firmId, String karbonKey) {
        return find("firmId = ?1 and karbonKey = ?2", firmId, karbonKey).firstResultOptional();
    }

    /** The record, locked until the transaction ends. */
    public Optional<KarbonContactEntity> findByKeyForUpdate(String firmId, String karbonKey) {
        return find("firmId = ?1 and karbonKey = ?2", firmId, karbonKey)
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public List<KarbonContactEntity> byNameKey(String firmId, String nameKey) {
        return list("firmId = ?1 and nameKey = ?2", firmId, nameKey);
    }

    public List<KarbonContactEntity> byEmailKey(String firmId, String emailKey) {
        return find("select c from KarbonContactEntity c join c.emailKeys e where c.firmId = ?1 and e = ?2",
                firmId, emailKey).list();
    }

    public long countForFirm(String firmId) {
        return count("firmId", firmId);
    }
}
