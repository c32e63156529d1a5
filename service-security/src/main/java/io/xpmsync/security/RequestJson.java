package io.xpmsync.security;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * How a service reads its REST request bodies: strictly (a field the resource does not take is refused, so that
 * nothing unknown is stored or ignored by mistake), nested at most {@value #MAX_NESTING} deep, each text at most
 * {@value #MAX_STRING_LENGTH} characters, and Jackson's own messages quoting at most {@value Problems#ECHO_LENGTH}
 * characters of the input. Only the server's JSON is this strict: the application's {@link ObjectMapper} (events,
 * stored JSON) and the API clients' own readers keep ignoring fields Karbon, XPM or a newer event add.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
public class RequestJson implements ContextResolver<ObjectMapper> {

    static final int MAX_NESTING = 32;
    static final int MAX_STRING_LENGTH = 64 * 1024;

    private final ObjectMapper strict;

    public RequestJson(ObjectMapper application) {
        strict = application.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        strict.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING).maxStringLength(MAX_STRING_LENGTH).build());
        strict.getFactory().setErrorReportConfiguration(ErrorReportConfiguration.builder()
                .maxErrorTokenLength(Problems.ECHO_LENGTH).maxRawContentLength(Problems.ECHO_LENGTH).build());
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }
}
