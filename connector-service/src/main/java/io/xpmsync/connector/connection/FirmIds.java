package io.xpmsync.connector.connection;

import io.xpmsync.security.ApiProblem;

import java.util.regex.Pattern;

/** Firm ids as every service keys them: 1 to 100 letters, digits, dots, dashes and underscores. */
public final class FirmIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private FirmIds() {
    }

    public static String require(String firmId) {
        if (firmId == null || !VALID.matcher(firmId).matches()) {
            throw new ApiProblem(400, "firm id must be 1 to 100 letters, digits, '.', '-' or '_'", "firmId");
        }
        return firmId;
    }
}
