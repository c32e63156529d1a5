package io.xpmsync.contracts.contact;

import java.util.List;

/** A postal or physical address, in the shape both systems can be mapped to. */
public record Address(List<String> lines, String city, String region, String postCode, String country) {

    public Address {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
