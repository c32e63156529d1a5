package io.xpmsync.sample;

import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.Phone;

import java.util.List;

/**
 * One Karbon contact to create: an Organization ({@code person} false, {@code name}) or a person ({@code firstName},
 * {@code lastName}), with one business card. {@code organization} is the index, in the same list, of the
 * Organization a person is linked to by the card; -1 for none.
 */
public record KarbonSeed(boolean person, String name, String firstName, String lastName, String contactType,
                         List<String> emails, List<Phone> phones, Address physicalAddress, Address mailingAddress,
                         int organization) {
}
