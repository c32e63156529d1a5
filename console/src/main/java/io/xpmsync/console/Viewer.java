package io.xpmsync.console;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.xpmsync.security.AccessRules;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The person using the console in this request, as the identity provider says: signed in through the console (the ID
 * token of the session names them, its access token gives their roles, as the services read them) or sending a bearer
 * token (a dashboard or a script). The firms they may see are the token's {@code firms} claim; the services check
 * every call again with the access token passed on to them.
 */
@RequestScoped
public class Viewer {

    private final SecurityIdentity identity;

    Viewer(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The firms named in the token; nobody else's data is shown or streamed. */
    public Set<String> firms() {
        Set<String> firms = new LinkedHashSet<>();
        Principal principal = identity.getPrincipal();
        Object claim = principal instanceof JsonWebToken ? ((JsonWebToken) principal).getClaim("firms") : null;
        if (claim instanceof Iterable<?>) {
            for (Object firm : (Iterable<?>) claim) {
                firms.add(firm instanceof JsonString ? ((JsonString) firm).getString() : String.valueOf(firm));
            }
        } else if (claim instanceof JsonString) {
            firms.add(((JsonString) claim).getString());
        }
        return firms;
    }

    /** Whether they may change their firms' contact sync: an administrator of the firm. */
    public boolean mayChange() {
        return identity.hasRole(AccessRules.FIRM_ADMIN);
    }

    /** The name to greet: the token's name, else the user name. */
    public String name() {
        Principal principal = identity.getPrincipal();
        if (principal instanceof JsonWebToken) {
            Object name = ((JsonWebToken) principal).getClaim("name");
            if (name != null && !String.valueOf(name).isBlank()) {
                return name instanceof JsonString ? ((JsonString) name).getString() : String.valueOf(name);
            }
        }
        return principal == null ? "" : principal.getName();
    }

    /** The access token to pass on to the services ({@code Authorization: Bearer}). */
    public Optional<String> accessToken() {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        return token == null ? Optional.empty() : Optional.of(token.getToken());
    }
}
