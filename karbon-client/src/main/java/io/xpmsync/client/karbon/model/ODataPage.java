package io.xpmsync.client.karbon.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** One page of an OData collection: at most 100 items, and the link to the next page while there is one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ODataPage<T>(
        @JsonProperty("@odata.context") String odataContext,
        @JsonProperty("@odata.count") long odataCount,
        @JsonProperty("value") List<T> value,
        @JsonProperty("@odata.nextLink") String odataNextLink) {
}
