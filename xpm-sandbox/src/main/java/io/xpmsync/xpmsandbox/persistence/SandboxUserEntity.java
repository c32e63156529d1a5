package io.xpmsync.xpmsandbox.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person who can sign in to the sandbox's Xero identity server. */
@Entity
@Table(name = "sandbox_user")
public class SandboxUserEntity extends PanacheEntityBase {

    @Id
    public String email;

    public String password;

    public String name;
}
