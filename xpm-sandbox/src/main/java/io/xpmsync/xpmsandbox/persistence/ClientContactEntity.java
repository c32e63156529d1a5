package io.xpmsync.xpmsandbox.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** A contact linked to a client; IsPrimary and Position belong to the link. */
@Entity
@Table(name = "client_contact")
public class ClientContactEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "client_uuid")
    public UUID clientUuid;

    @Column(name = "contact_uuid")
    public UUID contactUuid;

    @Column(name = "is_primary")
    public boolean primary;

    public String position;
}
