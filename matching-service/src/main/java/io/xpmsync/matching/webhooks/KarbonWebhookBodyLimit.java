package io.xpmsync.matching.webhooks;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.xpmsync.security.BodyLimit;
import io.xpmsync.security.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The webhook receiver's own body limit, far below the service's: it is open to the internet and reads bodies before
 * their signature can be checked. A declared {@code Content-Length} above {@link #MAX_BYTES} is refused (413) before
 * any of the body is read; a body without one (chunked) is read only up to the cap ({@link #read}). After a refusal
 * the connection is closed, so the rest of the body is never read either. The declared length is checked on the
 * route before the service's own, larger limit ({@link BodyLimit}), so the answer names this one.
 */
@ApplicationScoped
public class KarbonWebhookBodyLimit {

    /**
     * 16 KiB. A notice is four short fields (about 150 bytes, Karbon's reference's webhook payloads): a hundred times
     * that leaves room for fields Karbon may add, while an unsigned body costs a replica no more than this to refuse.
     */
    public static final int MAX_BYTES = 16 * 1024;
    static final String PATH = "/karbon/webhooks/";
    private static final String TOO_LARGE = "A Karbon webhook notice is at most 16 KiB (" + MAX_BYTES
            + " bytes); this body is longer and was not read";

    void install(@Observes Router router) {
        router.route(PATH + "*").order(BodyLimit.ORDER - 1).handler(this::declaredLength);
    }

    void declaredLength(RoutingContext http) {
        String declared = http.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && longerThanCap(declared)) {
            BodyLimit.refuse(http, TOO_LARGE);
            return;
        }
        http.next();
    }

    /** The body, or empty when it is longer than the cap (of which no more than the cap and one byte were read). */
    static Optional<byte[]> read(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        return bytes.length > MAX_BYTES ? Optional.empty() : Optional.of(bytes);
    }

    /** 413 in words; the connection is closed once it is sent, so the rest of the body is not read. */
    static Response tooLarge(RoutingContext http) {
        http.addEndHandler(sent -> http.request().connection().close());
        return Response.fromResponse(Problems.response(413, TOO_LARGE)).header("Connection", "close").build();
    }

    private static boolean longerThanCap(String declared) {
        try {
            return Long.parseLong(declared.strip()) > MAX_BYTES;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
