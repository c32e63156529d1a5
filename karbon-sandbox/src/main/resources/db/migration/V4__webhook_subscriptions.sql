-- Karbon's webhook subscriptions (one per firm and webhook type) and the notices waiting to be delivered: one per
-- firm and resource, so changes within the coalescing window become one notice, sent when the window has passed.
CREATE TABLE webhook_subscription (
    firm_id      VARCHAR(100)  NOT NULL,
    webhook_type VARCHAR(40)   NOT NULL,
    target_url   VARCHAR(2000) NOT NULL,
    signing_key  VARCHAR(200),
    created_at   TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (firm_id, webhook_type)
);

CREATE TABLE webhook_notice (
    firm_id      VARCHAR(100) NOT NULL,
    resource_key VARCHAR(100) NOT NULL,
    action_type  VARCHAR(20)  NOT NULL,
    time_stamp   TIMESTAMPTZ  NOT NULL,
    due_at       TIMESTAMPTZ  NOT NULL,
    attempts     INT          NOT NULL DEFAULT 0,
    last_error   VARCHAR(500),
    PRIMARY KEY (firm_id, resource_key)
);
CREATE INDEX webhook_notice_due ON webhook_notice (due_at);
