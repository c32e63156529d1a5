package io.xpmsync.contracts.contact;

/** A phone number with the label its system gives it (Karbon: Work, Mobile, ...; XPM: Phone, Mobile, Fax). */
public record Phone(String number, String label) {
}
