package io.xpmsync.client.xpm;

import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmContact;
import io.xpmsync.client.xpm.model.YesNo;
import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * From XPM's records to xpm-sync's contact value model: the fields the seed imports (name, email, phone numbers,
 * physical address from Address/City/Region/PostCode/Country, mailing address from the Postal fields), the business
 * structure, the archive and delete flags, and a contact's link to its client. Blank XPM fields become absent.
 */
public final class XpmSnapshots {

    private XpmSnapshots() {
    }

    public static ContactSnapshot client(XpmClient c) {
        List<Phone> phones = new ArrayList<>();
        addPhone(phones, c.phone(), "Phone");
        addPhone(phones, c.fax(), "Fax");
        return new ContactSnapshot(ContactRef.xpmClient(c.uuid()), text(c.name()) == null ? "" : text(c.name()),
                text(c.firstName()), text(c.lastName()), emails(c.email()), phones,
                address(c.address(), c.city(), c.region(), c.postCode(), c.country()),
                address(c.postalAddress(), c.postalCity(), c.postalRegion(), c.postalPostCode(), c.postalCountry()),
                text(c.businessStructure()), null, List.of(), YesNo.read(c.isArchived()), YesNo.read(c.isDeleted()),
                null).withComputedHash();
    }

    /** A contact, linked to the client it was read with (or the one it names). */
    public static ContactSnapshot contact(XpmContact c, String clientUuid) {
        List<Phone> phones = new ArrayList<>();
        addPhone(phones, c.phone(), "Phone");
        addPhone(phones, c.mobile(), "Mobile");
        String client = clientUuid != null ? clientUuid : c.client() == null ? null : c.client().uuid();
        List<ContactRef> links = client == null ? List.of() : List.of(ContactRef.xpmClient(client));
        String name = text(c.name()) == null ? "" : text(c.name());
        return new ContactSnapshot(ContactRef.xpmContact(c.uuid()), name, null, null, emails(c.email()), phones,
                null, null, null, null, links, false, YesNo.read(c.isDeleted()), null).withComputedHash();
    }

    private static void addPhone(List<Phone> phones, String number, String label) {
        if (text(number) != null) {
            phones.add(new Phone(text(number), label));
        }
    }

    private static List<String> emails(String email) {
        return text(email) == null ? List.of() : List.of(text(email));
    }

    /** XPM keeps a street address as one text with line breaks; blank lines and indentation are dropped. */
    private static Address address(String lines, String city, String region, String postCode, String country) {
        if (Stream.of(lines, city, region, postCode, country).allMatch(s -> text(s) == null)) {
            return null;
        }
        List<String> split = lines == null ? List.of() : Arrays.stream(lines.split("\\R"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new Address(split, text(city), text(region), text(postCode), text(country));
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
