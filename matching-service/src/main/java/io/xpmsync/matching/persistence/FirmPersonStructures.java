package io.xpmsync.matching.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.util.List;

/**
 * Each firm's own business structures whose XPM clients become a Person in Karbon, as its latest
 * {@code SyncSettingsChanged} says (an older event never overwrites a newer one).
 */
@ApplicationScoped
public class FirmPersonStructures {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final EntityManager em;
    private final ObjectMapper json = new ObjectMapper();

    FirmPersonStructures(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(SyncSettingsChanged event) {
        try {
            em.createNativeQuery("INSERT INTO firm_person_structures (firm_id, structures, updated_at) VALUES (?1, ?2, ?3)"
                            + " ON CONFLICT (firm_id) DO UPDATE SET structures = EXCLUDED.structures,"
                            + " updated_at = EXCLUDED.updated_at"
                            + " WHERE firm_person_structures.updated_at <= EXCLUDED.updated_at")
                    .setParameter(1, event.firmId())
                    .setParameter(2, json.writeValueAsString(event.settings().personStructures()))
                    .setParameter(3, Timestamp.from(event.occurredAt()))
                    .executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The firm's own person structures; none when it named none. */
    @Transactional
    public List<String> of(String firmId) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT structures FROM firm_person_structures WHERE firm_id = ?1")
                .setParameter(1, firmId).getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        try {
            return json.readValue(rows.get(0), STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored person structures of " + firmId + " are not a JSON array", e);
        }
    }
}
