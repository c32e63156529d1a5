-- Karbon webhook notices taken, each remembered until its TimeStamp (when Karbon changed the record) is older than
-- MATCHING_WEBHOOK_REPLAY_WINDOW, so that a notice sent again (replayed, or delivered twice) queues no work; a notice
-- older than that is refused by its TimeStamp alone.
CREATE TABLE karbon_notice_taken (
    firm_id    VARCHAR(100) NOT NULL,
    karbon_key VARCHAR(100) NOT NULL,
    action     VARCHAR(20)  NOT NULL,
    time_stamp TIMESTAMPTZ  NOT NULL,
    taken_at   TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (firm_id, karbon_key, action, time_stamp)
);
CREATE INDEX karbon_notice_taken_time_stamp ON karbon_notice_taken (time_stamp);
