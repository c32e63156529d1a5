package io.xpmsync.matching.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class MappingRepository implements PanacheRepository<MappingEntity> {

    static final String ACTIVE = "ACTIVE";

    public Optional<MappingEntity> findByMappingId(String firmId, UUID mappingId) {
        return find("firmId = ?1 and mappingId = ?2", firmId, mappingId).firstResultOptional();
    }

    public Optional<MappingEntity> activeForXpm(String firmId, String xpmId) {
        return find("firmId = ?1 and xpmId = ?2 and state = ?3", firmId, xpmId, ACTIVE).firstResultOptional();
    }

    public Optional<MappingEntity> activeForKarbon(String firmId, String karbonKey) {
        return find("firmId = ?1 and karbonKey = ?2 and state = ?3", firmId, karbonKey, ACTIVE).firstResultOptional();
    }
}
