package io.xpmsync.karbonsandbox.rest;

import io.xpmsync.karbonsandbox.service.KarbonApiException;

/** {@code $expand}: the sandbox supports BusinessCards, as xpm-sync needs; anything else is refused by name. */
final class Expand {

    private Expand() {
    }

    static boolean businessCards(String expand) {
        if (expand == null || expand.isBlank()) {
            return false;
        }
        for (String part : expand.split(",")) {
            if (!part.strip().equals("BusinessCards")) {
                throw KarbonApiException.badRequest("The $expand value '" + part.strip()
                        + "' is not supported by the sandbox: use BusinessCards");
            }
        }
        return true;
    }
}
