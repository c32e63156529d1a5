package io.xpmsync.connector.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An authorization request in flight: the state parameter ties the callback to its firm. */
@Entity
@Table(name = "oauth_state")
public class OAuthStateEntity extends PanacheEntityBase {

    @Id
    public String state;

    @Column(name = "firm_id")
    public String firmId;

    public String country;

    @Column(name = "return_to")
    public String returnTo;

    @Column(name = "expires_at")
    public Instant expiresAt;

    /** SHA-256 (hex) of the value the starting browser holds in its Connect cookie. */
    @Column(name = "browser_binding")
    public String browserBinding;

    /** The PKCE verifier (RFC 7636) whose S256 challenge the authorize URL carried; the code grant sends it. */
    @Column(name = "code_verifier")
    public String codeVerifier;
}
