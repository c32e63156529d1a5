package io.xpmsync.client.xpm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmErrorException;
import io.xpmsync.client.xpm.model.XpmResponse;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

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

    /**
     * Reads a {@code <Response>} with a {@code <Clients>} list as it arrives, handing each {@code <Client>} to
     * {@code each} as soon as it is parsed, so memory holds one client at a time however long the list. Returns the
     * answer's {@code Status} and {@code ErrorDescription} (no clients), to be checked with
     * {@link XpmResponse#requireOk()}. A body that breaks off or is not well-formed fails with an
     * {@link UncheckedIOException} (the clients before that point have been handed over already).
     */
    public XpmResponse readClients(InputStream in, Consumer<XpmClient> each) {
        XMLStreamReader r = null;
        try {
            r = mapper.getFactory().getXMLInputFactory().createXMLStreamReader(in);
            String status = null;
            String description = null;
            boolean root = false;
            while (r.hasNext()) {
                if (r.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = r.getLocalName();
                if (!root) {
                    if (!"Response".equals(name)) {
                        throw new XpmErrorException("XPM answered <" + name + "> where a Response was expected",
                                "malformed XML");
                    }
                    root = true;
                } else if ("Status".equals(name)) {
                    status = r.getElementText();
                } else if ("ErrorDescription".equals(name)) {
                    description = r.getElementText();
                } else if ("Client".equals(name)) {
                    each.accept(mapper.readValue(r, XpmClient.class));
                } else if (!"Clients".equals(name)) {
                    skip(r);
                }
            }
            if (!root) {
                throw new XpmErrorException("XPM answered with an empty body where a Response was expected",
                        "empty body");
            }
            return new XpmResponse(null, status, description, null, null, null, null, null);
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException("XPM's answer broke off or is not well-formed XML"
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber()) + ": "
                    + e.getMessage(), e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // the stream is closed by its owner
                }
            }
        }
    }

    /** Moves past the element whose start {@code r} is on, children included. */
    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
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
