package io.xpmsync.xpmsandbox.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * What an app sends to the authorize endpoint and the sign-in and consent pages carry along: the app, where to send
 * the browser back, the scopes, the app's state, and its PKCE challenge (RFC 7636; Xero takes {@code S256} only).
 */
record AuthorizeRequest(String clientId, String redirectUri, String scope, String state, String codeChallenge,
                        String codeChallengeMethod) {

    /** RFC 7636 §4.2: the S256 challenge is the base64url SHA-256 of the verifier, 43 characters; a verifier 43–128. */
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Pattern VERIFIER = CHALLENGE;

    boolean hasChallenge() {
        return codeChallenge != null && !codeChallenge.isEmpty();
    }

    /** Why the PKCE part of the request cannot be taken, or {@code null} when it can (or there is none). */
    String pkceProblem() {
        if (!hasChallenge()) {
            return codeChallengeMethod == null || codeChallengeMethod.isEmpty() ? null
                    : "code_challenge_method was sent without a code_challenge";
        }
        if (!"S256".equals(codeChallengeMethod)) {
            return "code_challenge_method must be S256, not '" + codeChallengeMethod + "'";
        }
        if (!CHALLENGE.matcher(codeChallenge).matches()) {
            return "code_challenge must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~'";
        }
        return null;
    }

    /** Whether {@code verifier} is the one this S256 challenge was made from. */
    static boolean verifies(String challenge, String verifier) {
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            return false;
        }
        try {
            String made = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            return MessageDigest.isEqual(made.getBytes(StandardCharsets.US_ASCII),
                    challenge.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
