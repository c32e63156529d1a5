package io.xpmsync.client.xpm.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

/** The links of a paged answer; {@code next} is absent on the last page. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record XpmPagination(@JacksonXmlProperty(localName = "Links") Links links) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Links(@JacksonXmlProperty(localName = "First") String first,
                        @JacksonXmlProperty(localName = "Next") String next) {
    }
}
