package io.xpmsync.client.karbon.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The error body of the Karbon API: {@code {"error": {"code": ..., "message": ...}}}. */
public record ODataError(@JsonProperty("error") Detail error) {

    public record Detail(@JsonProperty("code") String code, @JsonProperty("message") String message) {
    }

    public static ODataError of(String code, String message) {
        return new ODataError(new Detail(code, message));
    }
}
