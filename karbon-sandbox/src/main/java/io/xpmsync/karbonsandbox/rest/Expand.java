package io.xpmsync.karbonsandbox.rest;

import io.xpmsync.karbonsandbox.service.KarbonApiException;

/**
 * {@code $expand}, as Karbon's GET of one Contact or Organization takes it (a comma-separated list): the sandbox
 * supports BusinessCards and ClientTeam, as xpm-sync needs; anything else is refused by name. Karbon answers a
 * record's business cards and client team only when asked so.
 */
record Expand(boolean businessCards, boolean clientTeam) {

    /** What an answer to a write carries: the cards, not the client team (no {@code $expand} asked for it). */
    static final Expand CARDS = new Expand(true, false);
    static final Expand NONE = new Expand(false, false);

    static Expand of(String expand) {
        boolean cards = false;
        boolean team = false;
        if (expand == null || expand.isBlank()) {
            return NONE;
        }
        for (String part : expand.split(",")) {
            switch (part.strip()) {
                case "BusinessCards" -> cards = true;
                case "ClientTeam" -> team = true;
                default -> throw KarbonApiException.badRequest("The $expand value '" + part.strip()
                        + "' is not supported by the sandbox: use BusinessCards, ClientTeam or both");
            }
        }
        return new Expand(cards, team);
    }
}
