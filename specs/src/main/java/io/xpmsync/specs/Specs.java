package io.xpmsync.specs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The files of this module (see its README), read from the classpath wherever the module is a dependency. */
public final class Specs {

    /** Karbon API v3, OpenAPI 3.1. */
    public static final String KARBON_OPENAPI = "karbon-api-v3.openapi.json";
    /** Xero Practice Manager API v3.1, OpenAPI 3.0. */
    public static final String XPM_OPENAPI = "xpm-practicemanager-v3.1.openapi.yaml";
    /** The XPM 3.1 XML fixtures, one per documented request or response shape. */
    public static final List<String> XPM_XML = List.of(
            "client-add.request.xml", "client-archive.request.xml", "client-link-contacts.request.xml",
            "client-list.response.xml", "contact-add.request.xml", "contact-get.response.xml",
            "contact-update.request.xml", "contacts-paged.response.xml", "error.response.xml", "ok.response.xml");

    private Specs() {
    }

    /** The text of {@code name}, a file of this module relative to its folder (for example {@code xpm-xml/ok.response.xml}). */
    public static String read(String name) {
        try (InputStream in = Specs.class.getResourceAsStream("/specs/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No file " + name + " in the specs module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the XPM XML fixture {@code name} (one of {@link #XPM_XML}). */
    public static String xpmXml(String name) {
        return read("xpm-xml/" + name);
    }
}
