-- The XPM sandbox: practices (tenants) and their clients and contacts, the Xero identity server's users, codes,
-- grants, tokens and connections, and the log of API calls.

CREATE TABLE sandbox_user (
    email     VARCHAR(200) PRIMARY KEY,
    password  VARCHAR(200) NOT NULL,
    name      TEXT         NOT NULL
);

CREATE TABLE practice (
    tenant_id   UUID         PRIMARY KEY,
    name        TEXT         NOT NULL,
    owner_email VARCHAR(200) NOT NULL REFERENCES sandbox_user (email),
    per_minute  INT,
    per_day     INT,
    concurrent  INT,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE client (
    uuid               UUID        PRIMARY KEY,
    tenant_id          UUID        NOT NULL REFERENCES practice (tenant_id),
    name               TEXT        NOT NULL,
    first_name         TEXT,
    last_name          TEXT,
    email              TEXT,
    address            TEXT,
    city               TEXT,
    region             TEXT,
    post_code          TEXT,
    country            TEXT,
    postal_address     TEXT,
    postal_city        TEXT,
    postal_region      TEXT,
    postal_post_code   TEXT,
    postal_country     TEXT,
    phone              TEXT,
    fax                TEXT,
    website            TEXT,
    business_structure TEXT,
    archived           BOOLEAN     NOT NULL DEFAULT false,
    deleted            BOOLEAN     NOT NULL DEFAULT false,
    modified_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX client_tenant_modified ON client (tenant_id, modified_at);

CREATE TABLE contact (
    uuid        UUID        PRIMARY KEY,
    tenant_id   UUID        NOT NULL REFERENCES practice (tenant_id),
    name        TEXT        NOT NULL,
    salutation  TEXT,
    addressee   TEXT,
    mobile      TEXT,
    email       TEXT,
    phone       TEXT,
    deleted     BOOLEAN     NOT NULL DEFAULT false,
    modified_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX contact_tenant ON contact (tenant_id, uuid);

-- A contact may belong to several clients; IsPrimary and Position belong to the link.
CREATE TABLE client_contact (
    id           BIGSERIAL PRIMARY KEY,
    client_uuid  UUID    NOT NULL REFERENCES client (uuid),
    contact_uuid UUID    NOT NULL REFERENCES contact (uuid),
    is_primary   BOOLEAN NOT NULL DEFAULT false,
    position     TEXT,
    UNIQUE (client_uuid, contact_uuid)
);
CREATE INDEX client_contact_contact ON client_contact (contact_uuid);

CREATE TABLE oauth_code (
    code         VARCHAR(100) PRIMARY KEY,
    client_id    VARCHAR(200) NOT NULL,
    redirect_uri TEXT         NOT NULL,
    user_email   VARCHAR(200) NOT NULL,
    scope        TEXT         NOT NULL,
    expires_at   TIMESTAMPTZ  NOT NULL,
    used         BOOLEAN      NOT NULL DEFAULT false
);

-- One consent: a user allowed an app to reach their practices.
CREATE TABLE oauth_grant (
    grant_id   UUID         PRIMARY KEY,
    client_id  VARCHAR(200) NOT NULL,
    user_email VARCHAR(200) NOT NULL,
    scope      TEXT         NOT NULL,
    revoked    BOOLEAN      NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE oauth_token (
    token      VARCHAR(100) PRIMARY KEY,
    grant_id   UUID         NOT NULL REFERENCES oauth_grant (grant_id),
    kind       VARCHAR(10)  NOT NULL,
    expires_at TIMESTAMPTZ,
    revoked    BOOLEAN      NOT NULL DEFAULT false
);
CREATE INDEX oauth_token_grant ON oauth_token (grant_id);

CREATE TABLE oauth_connection (
    id         UUID        PRIMARY KEY,
    grant_id   UUID        NOT NULL REFERENCES oauth_grant (grant_id),
    tenant_id  UUID        NOT NULL REFERENCES practice (tenant_id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (grant_id, tenant_id)
);

CREATE TABLE api_call (
    id        BIGSERIAL    PRIMARY KEY,
    tenant_id UUID,
    method    VARCHAR(10)  NOT NULL,
    path      TEXT         NOT NULL,
    status    INT          NOT NULL,
    problem   TEXT,
    at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX api_call_tenant ON api_call (tenant_id, id);
