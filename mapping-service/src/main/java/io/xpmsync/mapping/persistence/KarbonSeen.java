package io.xpmsync.mapping.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.events.ContactChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/**
 * The latest state of each mapped Karbon contact as Karbon's change feed carried it ({@code karbon_seen}): what a
 * Preview Sync, which reads no Karbon record, compares with the mapping's base to tell a field Karbon changed too.
 * Only contacts mapped when their change arrives are kept (a change before the mapping is in its base); a change older
 * than the one kept changes nothing.
 */
@ApplicationScoped
public class KarbonSeen {

    private final EntityManager em;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    KarbonSeen(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(ContactChanged event) {
        ContactSnapshot c = event.contact();
        if (c == null || MappingEntity.ofKarbon(event.firmId(), c.ref().id()).isEmpty()) {
            return;
        }
        try {
            em.createNativeQuery("INSERT INTO karbon_seen (firm_id, karbon_key, snapshot, changed_at) VALUES (?1, ?2,"
                            + " ?3, ?4) ON CONFLICT (firm_id, karbon_key) DO UPDATE SET snapshot = EXCLUDED.snapshot,"
                            + " changed_at = EXCLUDED.changed_at WHERE karbon_seen.changed_at IS NULL"
                            + " OR EXCLUDED.changed_at IS NULL OR karbon_seen.changed_at <= EXCLUDED.changed_at")
                    .setParameter(1, event.firmId()).setParameter(2, c.ref().id())
                    .setParameter(3, json.writeValueAsString(c)).setParameter(4, event.occurredAt()).executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Karbon contact as last seen on the feed, if it changed since it was mapped. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<ContactSnapshot> of(String firmId, String karbonKey) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT snapshot FROM karbon_seen WHERE firm_id = ?1"
                + " AND karbon_key = ?2").setParameter(1, firmId).setParameter(2, karbonKey).getResultList();
        return rows.stream().findFirst().map(text -> {
            try {
                return json.readValue(text, ContactSnapshot.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable Karbon snapshot of " + karbonKey, e);
            }
        });
    }
}
