package io.xpmsync.contracts.contact;

/**
 * One synced field that a write changed, in a person's words: its name ("Name", "Email", "Phone", "Physical
 * address", ...) and its value before and after ({@code null}: none).
 */
public record FieldChange(String field, String before, String after) {
}
