package io.xpmsync.client.xpm;

import java.util.Objects;

/** What a call to a practice needs: a current OAuth access token and the practice's {@code Xero-Tenant-Id}. */
public record XpmAccess(String accessToken, String tenantId) {

    public XpmAccess {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(tenantId, "tenantId");
    }

    @Override
    public String toString() {
        return "XpmAccess[tenantId=" + tenantId + ", accessToken=(hidden)]";
    }
}
