package io.xpmsync.connector.rest;

import io.xpmsync.client.xpm.model.XpmException;
import io.xpmsync.security.Problems;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** What only connector-service meets, in the shared problem shape ({@link Problems} maps the rest). */
public class ErrorMappers {

    /** XPM or Xero refused or failed (a connection Xero no longer accepts is a 401 saying to connect again). */
    @ServerExceptionMapper
    public Response xpm(XpmException e) {
        return Problems.response(e.status() == 401 || e.status() == 403 || e.status() == 429 || e.status() >= 500
                ? e.status() : 502, e.getMessage());
    }
}
