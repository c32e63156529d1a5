package io.xpmsync.mapping.rest;

import io.xpmsync.client.karbon.KarbonClientException;
import io.xpmsync.security.Problems;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** What only mapping-service meets, in the shared problem shape ({@link Problems} maps the rest). */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response karbon(KarbonClientException e) {
        if (e.status() == 429) {
            long seconds = Math.max(1, e.retryAfter().map(d -> (d.toMillis() + 999) / 1000).orElse(1L));
            return Response.fromResponse(Problems.response(503, "Karbon's allowance for this firm is used up for the"
                    + " moment; try again in " + seconds + " s")).header("Retry-After", seconds).build();
        }
        return Problems.response(502, "Karbon refused the change: " + e.getMessage());
    }
}
