package io.xpmsync.mapping.persistence;

import io.xpmsync.contracts.merge.AgreedField;
import io.xpmsync.contracts.merge.SyncedField;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Each mapping's base ({@code field_base}): per synced field, what XPM and Karbon held when they last agreed. Written by
 * mapping-service's own writes to Karbon, by push-service's writes to XPM ({@code ContactPushed.agreed}) and by resolved
 * conflicts; a field's newest agreement wins, whatever order the news arrives in.
 */
@ApplicationScoped
public class FieldBases {

    private final EntityManager em;

    FieldBases(EntityManager em) {
        this.em = em;
    }

    /** The mapping's base per field (fields never agreed on are absent). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<SyncedField, AgreedField> of(UUID mappingId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT field, xpm_value, karbon_value, display, agreed_at FROM"
                + " field_base WHERE mapping_id = ?1").setParameter(1, mappingId).getResultList();
        Map<SyncedField, AgreedField> base = new EnumMap<>(SyncedField.class);
        for (Object[] r : rows) {
            SyncedField field = SyncedField.valueOf((String) r[0]);
            base.put(field, new AgreedField(field, (String) r[1], (String) r[2], (String) r[3], instant(r[4])));
        }
        return base;
    }

    /** New agreements; one older than the field's kept one changes nothing. Answers whether any was newer. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean agreed(MappingEntity m, Collection<AgreedField> fields) {
        int changed = 0;
        for (AgreedField f : fields) {
            changed += em.createNativeQuery("INSERT INTO field_base (mapping_id, firm_id, field, xpm_value, karbon_value,"
                            + " display, agreed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (mapping_id, field)"
                            + " DO UPDATE SET xpm_value = EXCLUDED.xpm_value, karbon_value = EXCLUDED.karbon_value,"
                            + " display = EXCLUDED.display, agreed_at = EXCLUDED.agreed_at"
                            + " WHERE field_base.agreed_at < EXCLUDED.agreed_at")
                    .setParameter(1, m.id).setParameter(2, m.firmId).setParameter(3, f.field().name())
                    .setParameter(4, f.xpmValue()).setParameter(5, f.karbonValue()).setParameter(6, f.display())
                    .setParameter(7, f.agreedAt()).executeUpdate();
        }
        return changed > 0;
    }

    /** Remove Match: a removed mapping has no base. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forget(UUID mappingId) {
        em.createNativeQuery("DELETE FROM field_base WHERE mapping_id = ?1").setParameter(1, mappingId)
                .executeUpdate();
    }

    private static Instant instant(Object value) {
        return value instanceof Instant i ? i : value instanceof Timestamp t ? t.toInstant()
                : value instanceof OffsetDateTime o ? o.toInstant() : null;
    }
}
