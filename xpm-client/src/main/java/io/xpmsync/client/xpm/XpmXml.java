package io.xpmsync.client.xpm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import io.xpmsync.client.xpm.model.XpmErrorException;

/**
 * Reads and writes XPM's XML. A body that is not well-formed XML, or not the expected element, is an
 * {@link XpmErrorException} naming what was wrong; it never escapes as a parser exception.
 */
public final class XpmXml {

    private final XmlMapper mapper = XmlMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public <T> T read(String xml, Class<T> type) {
        if (xml == null || xml.isBlank()) {
            throw new XpmErrorException("XPM answered with an empty body where " + type.getSimpleName()
                    + " was expected", "empty body");
        }
        try {
            return mapper.readValue(xml, type);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new XpmErrorException("XPM answered with XML that is not a " + type.getSimpleName() + where + ": "
                    + e.getOriginalMessage(), "malformed XML");
        }
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as XML", e);
        }
    }
}
