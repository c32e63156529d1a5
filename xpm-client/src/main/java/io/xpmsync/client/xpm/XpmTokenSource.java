package io.xpmsync.client.xpm;

/**
 * Where {@link XpmApi} gets a firm's access token. Refresh tokens rotate, so exactly one component refreshes them
 * (connector-service); others implement this by asking it.
 */
public interface XpmTokenSource {

    /** A current access token for the firm's practice. */
    XpmAccess current(String firmId);

    /** XPM refused {@code rejected} with 401: a newer token (refreshed if need be), or an exception if there is none. */
    XpmAccess afterRejected(String firmId, XpmAccess rejected);
}
