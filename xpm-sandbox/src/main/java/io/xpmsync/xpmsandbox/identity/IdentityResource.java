package io.xpmsync.xpmsandbox.identity;

import io.xpmsync.xpmsandbox.persistence.OAuthConnectionEntity;
import io.xpmsync.xpmsandbox.persistence.PracticeEntity;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Xero identity, as an app sees it: the authorize page (sign in and consent), the token endpoint
 * ({@code authorization_code} and {@code refresh_token} grants, client authentication by HTTP Basic or form fields),
 * revocation, and {@code /connections} (tenants of type {@code PRACTICEMANAGER}).
 */
@Path("/")
public class IdentityResource {

    private final Identity identity;

    IdentityResource(Identity identity) {
        this.identity = identity;
    }

    @GET
    @Path("identity/connect/authorize")
    @Produces(MediaType.TEXT_HTML)
    public Response authorizePage(@QueryParam("response_type") String responseType,
                                  @QueryParam("client_id") String clientId,
                                  @QueryParam("redirect_uri") String redirectUri,
                                  @QueryParam("scope") String scope,
                                  @QueryParam("state") String state,
                                  @QueryParam("code_challenge") String codeChallenge,
                                  @QueryParam("code_challenge_method") String codeChallengeMethod) {
        identity.checkApp(clientId, redirectUri);
        if (!"code".equals(responseType)) {
            return redirectError(redirectUri, state, "unsupported_response_type", "response_type must be code");
        }
        AuthorizeRequest request = new AuthorizeRequest(clientId, redirectUri, scope, state, codeChallenge,
                codeChallengeMethod);
        if (request.pkceProblem() != null) {
            return redirectError(redirectUri, state, "invalid_request", request.pkceProblem());
        }
        return Response.ok(LoginPage.render(request, null)).build();
    }

    @POST
    @Path("identity/connect/authorize")
    @Produces(MediaType.TEXT_HTML)
    public Response authorize(@FormParam("client_id") String clientId,
                              @FormParam("redirect_uri") String redirectUri,
                              @FormParam("scope") String scope,
                              @FormParam("state") String state,
                              @FormParam("email") String email,
                              @FormParam("password") String password,
                              @FormParam("decision") String decision,
                              @FormParam("consent") String consent,
                              @FormParam("tenantId") List<String> tenantIds,
                              @FormParam("code_challenge") String codeChallenge,
                              @FormParam("code_challenge_method") String codeChallengeMethod) {
        identity.checkApp(clientId, redirectUri);
        AuthorizeRequest request = new AuthorizeRequest(clientId, redirectUri, scope, state, codeChallenge,
                codeChallengeMethod);
        if (request.pkceProblem() != null) {
            return redirectError(redirectUri, state, "invalid_request", request.pkceProblem());
        }
        if (!"allow".equals(decision)) {
            return redirectError(redirectUri, state, "access_denied", "the user did not allow access");
        }
        String user;
        List<PracticeEntity> practices;
        if (consent != null && !consent.isBlank()) {
            // the consent screen's second step: the practices the signed-in user chose
            user = identity.endChoice(consent);
            if (user == null) {
                return Response.status(400).entity(LoginPage.render(request,
                        "That sign-in has expired; sign in again.")).build();
            }
            practices = identity.practicesOf(user);
        } else {
            practices = identity.signIn(email, password);
            if (practices == null) {
                return Response.status(401).entity(LoginPage.render(request,
                        "The email or password is not right.")).build();
            }
            user = email;
            if (practices.size() > 1 && (tenantIds == null || tenantIds.isEmpty())) {
                // Xero's consent screen: a user with several practices chooses which to connect
                return Response.ok(LoginPage.choose(request, identity.beginChoice(email),
                        practices)).build();
            }
        }
        List<UUID> chosen = practices.stream().map(p -> p.tenantId)
                .filter(t -> practices.size() == 1 || tenantIds != null && tenantIds.contains(t.toString()))
                .toList();
        if (chosen.isEmpty()) {
            return Response.status(400).entity(LoginPage.choose(request, identity.beginChoice(user),
                    practices)).build();
        }
        String code = identity.issueCode(user, request, chosen);
        UriBuilder target = UriBuilder.fromUri(redirectUri).queryParam("code", code);
        if (state != null) {
            target.queryParam("state", state);
        }
        return Response.seeOther(target.build()).build();
    }

    @POST
    @Path("connect/token")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> token(@HeaderParam("Authorization") String authorization,
                                     @FormParam("grant_type") String grantType,
                                     @FormParam("code") String code,
                                     @FormParam("redirect_uri") String redirectUri,
                                     @FormParam("refresh_token") String refreshToken,
                                     @FormParam("client_id") String formClientId,
                                     @FormParam("client_secret") String formSecret,
                                     @FormParam("code_verifier") String codeVerifier) {
        String[] client = clientCredentials(authorization, formClientId, formSecret);
        Identity.Tokens tokens = switch (grantType == null ? "" : grantType) {
            case "authorization_code" -> identity.exchangeCode(client[0], client[1], code, redirectUri,
                    codeVerifier);
            case "refresh_token" -> identity.refresh(client[0], client[1], refreshToken);
            default -> throw new IdentityException(400, "unsupported_grant_type",
                    "grant_type must be authorization_code or refresh_token, not '" + grantType + "'");
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", tokens.expiresIn());
        body.put("refresh_token", tokens.refreshToken());
        body.put("scope", tokens.scope());
        return body;
    }

    @POST
    @Path("connect/revocation")
    public Response revoke(@HeaderParam("Authorization") String authorization, @FormParam("token") String token,
                           @FormParam("client_id") String formClientId, @FormParam("client_secret") String formSecret) {
        String[] client = clientCredentials(authorization, formClientId, formSecret);
        identity.revoke(client[0], client[1], token);
        return Response.ok().build();
    }

    @GET
    @Path("connections")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> connections(@HeaderParam("Authorization") String authorization,
                                                 @QueryParam("authEventId") String authEventId) {
        Identity.Bearer bearer = bearer(authorization);
        UUID event;
        try {
            event = authEventId == null || authEventId.isBlank() ? null : UUID.fromString(authEventId.strip());
        } catch (IllegalArgumentException e) {
            throw new IdentityException(400, "invalid_request", "authEventId must be a UUID");
        }
        return identity.connections(bearer.grantId(), event).stream().map(IdentityResource::connection).toList();
    }

    @DELETE
    @Path("connections/{id}")
    public Response disconnect(@HeaderParam("Authorization") String authorization, @PathParam("id") UUID id) {
        Identity.Bearer bearer = bearer(authorization);
        if (!identity.disconnect(bearer.grantId(), id)) {
            throw new IdentityException(404, "not_found", "no connection " + id + " for this token");
        }
        return Response.noContent().build();
    }

    private Identity.Bearer bearer(String authorization) {
        Identity.Bearer bearer = authorization == null || !authorization.startsWith("Bearer ") ? null
                : identity.bearer(authorization.substring("Bearer ".length()).strip());
        if (bearer == null) {
            throw new IdentityException(401, "invalid_token", "the access token is missing, unknown or expired");
        }
        return bearer;
    }

    private static Map<String, Object> connection(OAuthConnectionEntity c) {
        PracticeEntity practice = PracticeEntity.findById(c.tenantId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", c.id.toString());
        body.put("authEventId", c.grantId.toString());
        body.put("tenantId", c.tenantId.toString());
        body.put("tenantType", "PRACTICEMANAGER");
        body.put("tenantName", practice.name);
        body.put("createdDateUtc", DateTimeFormatter.ISO_INSTANT.format(c.createdAt));
        body.put("updatedDateUtc", DateTimeFormatter.ISO_INSTANT.format(c.createdAt));
        return body;
    }

    /** HTTP Basic ({@code client_secret_basic}) or form fields ({@code client_secret_post}). */
    private static String[] clientCredentials(String authorization, String formClientId, String formSecret) {
        if (authorization != null && authorization.startsWith("Basic ")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    return new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)};
                }
            } catch (IllegalArgumentException e) {
                throw new IdentityException(401, "invalid_client", "the Basic credentials are not base64");
            }
        }
        return new String[]{formClientId, formSecret};
    }

    private static Response redirectError(String redirectUri, String state, String error, String description) {
        UriBuilder target = UriBuilder.fromUri(redirectUri).queryParam("error", error)
                .queryParam("error_description", description);
        if (state != null) {
            target.queryParam("state", state);
        }
        return Response.seeOther(target.build()).build();
    }
}
