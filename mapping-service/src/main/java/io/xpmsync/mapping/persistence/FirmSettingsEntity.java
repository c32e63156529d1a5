package io.xpmsync.mapping.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.List;

/** A firm's Contact Sync Settings as connector-service last published them (the compacted settings topic). */
@Entity
@Table(name = "firm_settings")
public class FirmSettingsEntity extends PanacheEntityBase {

    @Id
    @Column(name = "firm_id")
    public String firmId;

    public String scope;

    @Column(name = "new_contact_type")
    public String newContactType;

    @Column(name = "xpm_connected")
    public boolean xpmConnected;

    /** The firm's own person structures, a JSON array. */
    @Column(name = "person_structures")
    public String personStructures = "[]";

    /** The firm's XPM practice's country (ISO code), or null. */
    public String region;

    /** What decides a conflict: a {@code ConflictPolicy} name (ASK until the firm chooses). */
    @Column(name = "conflict_policy")
    public String conflictPolicy = "ASK";

    @Column(name = "updated_at")
    public Instant updatedAt;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The firm's own person structures. */
    public List<String> personStructureList() {
        try {
            return JSON.readValue(personStructures, new TypeReference<List<String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored person structures of " + firmId + " are not a JSON array", e);
        }
    }

    public void personStructures(List<String> structures) {
        try {
            personStructures = JSON.writeValueAsString(structures);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
