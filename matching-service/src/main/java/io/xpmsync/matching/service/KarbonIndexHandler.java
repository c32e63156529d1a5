package io.xpmsync.matching.service;

import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.matching.domain.Keys;
import io.xpmsync.matching.persistence.KarbonContactEntity;
import io.xpmsync.matching.persistence.KarbonContactRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.stream.Collectors;

/**
 * Keeps a firm's Karbon contact index current. A deleted Karbon contact leaves the index (it can no longer be
 * matched); an archived one stays, since it is still the contact a person would expect to be matched.
 */
@ApplicationScoped
public class KarbonIndexHandler {

    private final KarbonContactRepository contacts;

    KarbonIndexHandler(KarbonContactRepository contacts) {
        this.contacts = contacts;
    }

    /** A Karbon contact event: its state replaces an older one, or one of the same time. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(String firmId, ContactSnapshot contact, Instant changedAt) {
        apply(firmId, contact, changedAt, true);
    }

    /**
     * A record read from one of Karbon's lists (a bootstrap or a catch-up): it carries only the primary email, so it
     * replaces only an older state, never one of the same time (an event's, which carries every email).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyListed(String firmId, ContactSnapshot contact, Instant changedAt) {
        apply(firmId, contact, changedAt, false);
    }

    private void apply(String firmId, ContactSnapshot contact, Instant changedAt, boolean replacesSameTime) {
        if (contact.ref().system() != SourceSystem.KARBON) {
            throw new IllegalArgumentException("not a Karbon contact: " + contact.ref());
        }
        if (!contact.deleted()) {
            // The event stream and a bootstrap may index the same record at once: make sure its row exists (waiting
            // for the other's insert to commit, if any), then lock it, so the later state wins instead of one of
            // the two failing on the unique key.
            contacts.getEntityManager().createNativeQuery("INSERT INTO karbon_contact (firm_id, karbon_key, kind,"
                            + " name, name_key, emails, updated_at) VALUES (?1, ?2, ?3, '', '', '', ?4)"
                            + " ON CONFLICT ON CONSTRAINT karbon_contact_ref DO NOTHING")
                    .setParameter(1, firmId).setParameter(2, contact.ref().id())
                    .setParameter(3, contact.ref().kind().name()).setParameter(4, Instant.EPOCH).executeUpdate();
        }
        KarbonContactEntity entity = contacts.findByKeyForUpdate(firmId, contact.ref().id()).orElse(null);
        if (contact.deleted()) {
            if (entity != null) {
                contacts.delete(entity);
            }
            return;
        }
        if (entity == null) {
            entity = new KarbonContactEntity();
            entity.firmId = firmId;
            entity.karbonKey = contact.ref().id();
        } else if (entity.updatedAt != null && (entity.updatedAt.isAfter(changedAt)
                || !replacesSameTime && entity.updatedAt.equals(changedAt))) {
            return; // an older state arriving late (e.g. from a bootstrap racing the event stream)
        }
        entity.kind = contact.ref().kind().name();
        entity.name = contact.name();
        entity.nameKey = Keys.name(contact.name());
        entity.emails = String.join("\n", contact.emails());
        entity.emailKeys.clear();
        entity.emailKeys.addAll(contact.emails().stream().map(Keys::email).filter(e -> !e.isEmpty())
                .collect(Collectors.toSet()));
        entity.contactType = contact.contactType();
        entity.updatedAt = changedAt;
        contacts.persist(entity);
    }
}
