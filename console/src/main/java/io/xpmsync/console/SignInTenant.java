package io.xpmsync.console;

import io.quarkus.oidc.TenantResolver;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which of the console's two OpenID Connect configurations checks a request. A request with a bearer token (a
 * dashboard or a script) is checked as every service checks it, with service-security's defaults (the default
 * configuration: issuer, audience {@code xpm-sync}, an access token); any other request belongs to a person's browser,
 * signed in through the console's own code flow ({@value #SIGN_IN}, {@code quarkus.oidc.sign-in.*}). One
 * configuration cannot do both: the audience a bearer token must name is not the one of the console's ID token.
 */
@ApplicationScoped
public class SignInTenant implements TenantResolver {

    static final String SIGN_IN = "sign-in";

    @Override
    public String resolve(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        return bearer ? null : SIGN_IN;
    }
}
