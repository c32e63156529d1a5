package io.xpmsync.contracts.contact;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 over the fields that are synced between the systems (name, first and last name, emails, phones, physical
 * and mailing address). Equal hashes mean nothing to write: this is what lets an echoed change die out after one hop.
 * Fields that are not synced (links, type, archive flags) are deliberately left out.
 */
public final class ContentHash {

    private static final char FIELD = '\u001f';
    private static final char ITEM = '\u001e';

    private ContentHash() {
    }

    public static String of(ContactSnapshot c) {
        StringBuilder s = new StringBuilder(256);
        field(s, c.name());
        field(s, c.firstName());
        field(s, c.lastName());
        for (String email : c.emails()) {
            field(s, email);
        }
        s.append(ITEM);
        for (Phone phone : c.phones()) {
            field(s, phone.number());
            field(s, phone.label());
        }
        s.append(ITEM);
        address(s, c.physicalAddress());
        address(s, c.mailingAddress());
        return "sha256:" + HexFormat.of().formatHex(sha256(s.toString()));
    }

    private static void address(StringBuilder s, Address a) {
        if (a == null) {
            s.append(ITEM);
            return;
        }
        List<String> lines = a.lines();
        for (String line : lines) {
            field(s, line);
        }
        field(s, a.city());
        field(s, a.region());
        field(s, a.postCode());
        field(s, a.country());
        s.append(ITEM);
    }

    private static void field(StringBuilder s, String value) {
        s.append(value == null ? "" : value).append(FIELD);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
