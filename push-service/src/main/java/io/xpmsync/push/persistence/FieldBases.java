package io.xpmsync.push.persistence;

import io.xpmsync.contracts.merge.AgreedField;
import io.xpmsync.contracts.merge.SyncedField;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * push-service's copy of each mapped Karbon contact's base ({@code field_base}): per synced field, what XPM and Karbon
 * held when they last agreed. push-service's own writes and mapping-service's ({@code MappingConfirmed.agreed}) both
 * feed it, and a field's newest agreement wins, so the two copies converge whichever event arrives first. A base
 * belongs to one XPM record: a contact mapped to another record (or unmapped) has none.
 */
@ApplicationScoped
public class FieldBases {

    private final EntityManager em;

    FieldBases(EntityManager em) {
        this.em = em;
    }

    /**
     * The base of the contact's mapping to {@code xpmId}, per field (fields never agreed on are absent), as a Karbon
     * change is merged against it: its {@code agreedAt} is when Karbon held the agreed values, where push-service's own
     * write made the agreement (the Karbon change it pushed), so an edit made in Karbon while that write was under way
     * is not taken for a stale read; otherwise when the two agreed.
     */
    @Transactional
    public Map<SyncedField, AgreedField> of(String firmId, String karbonKey, String xpmId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT field, xpm_value, karbon_value, display,"
                        + " COALESCE(LEAST(karbon_at, agreed_at), agreed_at) FROM"
                        + " field_base WHERE firm_id = ?1 AND karbon_key = ?2 AND xpm_id = ?3")
                .setParameter(1, firmId).setParameter(2, karbonKey).setParameter(3, xpmId).getResultList();
        Map<SyncedField, AgreedField> base = new EnumMap<>(SyncedField.class);
        for (Object[] r : rows) {
            SyncedField field = SyncedField.valueOf((String) r[0]);
            base.put(field, new AgreedField(field, (String) r[1], (String) r[2], (String) r[3],
                    PushViews.instant(r[4])));
        }
        return base;
    }

    /** New agreements on fields of the contact's mapping to {@code xpmId}; an older one than kept changes nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void agreed(String firmId, String karbonKey, String xpmId, Collection<AgreedField> fields) {
        agreed(firmId, karbonKey, xpmId, fields, null);
    }

    /**
     * As {@link #agreed(String, String, String, Collection)}, for push-service's own write of the Karbon change made
     * at {@code karbonAt} (null: not known).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void agreed(String firmId, String karbonKey, String xpmId, Collection<AgreedField> fields,
                       java.time.Instant karbonAt) {
        for (AgreedField f : fields) {
            em.createNativeQuery("INSERT INTO field_base (firm_id, karbon_key, xpm_id, field, xpm_value, karbon_value,"
                            + " display, agreed_at, karbon_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT"
                            + " (firm_id, karbon_key, field) DO UPDATE SET xpm_id = EXCLUDED.xpm_id,"
                            + " xpm_value = EXCLUDED.xpm_value, karbon_value = EXCLUDED.karbon_value,"
                            + " display = EXCLUDED.display, agreed_at = EXCLUDED.agreed_at,"
                            + " karbon_at = EXCLUDED.karbon_at WHERE field_base.xpm_id <> EXCLUDED.xpm_id"
                            + " OR field_base.agreed_at < EXCLUDED.agreed_at")
                    .setParameter(1, firmId).setParameter(2, karbonKey).setParameter(3, xpmId)
                    .setParameter(4, f.field().name()).setParameter(5, f.xpmValue()).setParameter(6, f.karbonValue())
                    .setParameter(7, f.display()).setParameter(8, f.agreedAt())
                    .setParameter(9, karbonAt).executeUpdate();
        }
    }

    /** The contact's mapping ended (Remove Match): a removed mapping has no base. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forget(String firmId, String karbonKey) {
        em.createNativeQuery("DELETE FROM field_base WHERE firm_id = ?1 AND karbon_key = ?2")
                .setParameter(1, firmId).setParameter(2, karbonKey).executeUpdate();
    }
}
