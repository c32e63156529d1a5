package io.xpmsync.xpmsandbox.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An authorization code, good once and for a few minutes. */
@Entity
@Table(name = "oauth_code")
public class OAuthCodeEntity extends PanacheEntityBase {

    @Id
    public String code;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "redirect_uri")
    public String redirectUri;

    @Column(name = "user_email")
    public String userEmail;

    public String scope;

    @Column(name = "expires_at")
    public Instant expiresAt;

    public boolean used;

    /** The practices the user chose to connect in this consent, comma-separated tenant ids. */
    @Column(name = "tenant_ids")
    public String tenantIds;

    /** The S256 PKCE challenge of the authorization request, or {@code null} when it carried none. */
    @Column(name = "code_challenge")
    public String codeChallenge;
}
