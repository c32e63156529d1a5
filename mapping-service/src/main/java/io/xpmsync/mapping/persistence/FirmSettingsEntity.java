package io.xpmsync.mapping.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

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

    @Column(name = "updated_at")
    public Instant updatedAt;
}
