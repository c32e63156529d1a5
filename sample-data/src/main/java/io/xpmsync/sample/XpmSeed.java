package io.xpmsync.sample;

import io.xpmsync.contracts.contact.ContactSnapshot;

/**
 * One generated XPM client or contact, how it overlaps the Karbon firm, and the index in
 * {@link SamplePractice#karbon()} of the Karbon contact it overlaps (-1 for {@link Overlap#NEW}).
 */
public record XpmSeed(ContactSnapshot record, Overlap overlap, int karbon) {
}
