package io.xpmsync.security;

import jakarta.json.JsonString;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;
import java.util.List;

/** Who is calling, in words, for what a service records of it (a contact's history: "confirmed by Dana Smith"). */
public final class Callers {

    private static final List<String> NAME_CLAIMS = List.of("name", "preferred_username", "email");

    private Callers() {
    }

    /** The person's name from their token (name, else user name, else email); null when nobody is signed in. */
    public static String name(SecurityContext security) {
        Principal principal = security == null ? null : security.getUserPrincipal();
        if (principal == null) {
            return null;
        }
        if (principal instanceof JsonWebToken token) {
            for (String claim : NAME_CLAIMS) {
                Object value = token.getClaim(claim);
                String text = value instanceof JsonString json ? json.getString() : value == null ? null
                        : value.toString();
                if (text != null && !text.isBlank()) {
                    return text.strip();
                }
            }
        }
        return principal.getName();
    }
}
