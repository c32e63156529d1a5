package io.xpmsync.karbonsandbox.rest;

import io.xpmsync.karbonsandbox.persistence.FirmEntity;
import jakarta.enterprise.context.RequestScoped;

/** The tenant the request's credentials belong to. */
@RequestScoped
public class CurrentFirm {

    private FirmEntity firm;

    void set(FirmEntity firm) {
        this.firm = firm;
    }

    public FirmEntity get() {
        if (firm == null) {
            throw new IllegalStateException("no authenticated firm on this request");
        }
        return firm;
    }
}
