package io.xpmsync.matching.service;

import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.matching.persistence.MappingEntity;
import io.xpmsync.matching.persistence.MappingRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Keeps matching-service's copy of the mappings as mapping-service announces them. */
@ApplicationScoped
public class MappingHandler {

    private final MappingRepository mappings;

    MappingHandler(MappingRepository mappings) {
        this.mappings = mappings;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(MappingConfirmed event) {
        MappingEntity entity = mappings.findByMappingId(event.firmId(), event.mappingId()).orElse(null);
        if (entity == null) {
            entity = new MappingEntity();
            entity.firmId = event.firmId();
            entity.mappingId = event.mappingId();
        } else if (entity.updatedAt.isAfter(event.occurredAt())) {
            return;
        }
        entity.xpmId = event.xpmRef().id();
        entity.xpmKind = event.xpmRef().kind().name();
        entity.karbonKey = event.karbonRef().id();
        entity.karbonKind = event.karbonRef().kind().name();
        entity.state = event.state().name();
        entity.updatedAt = event.occurredAt();
        mappings.persist(entity);
    }
}
