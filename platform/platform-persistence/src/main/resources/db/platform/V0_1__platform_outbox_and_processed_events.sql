-- Shared by every service that owns data (shipped in platform-persistence, run by each service's Flyway).

-- Transactional outbox: an event is a row written in the same transaction as the change it describes, relayed to
-- Kafka afterwards. Not org-scoped by RLS: only the relay reads it, across all orgs, and it never leaves the service.
CREATE TABLE outbox (
    seq          BIGSERIAL PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    org_id       TEXT        NOT NULL,
    topic        TEXT        NOT NULL,
    record_key   TEXT        NOT NULL,
    payload      TEXT,                       -- NULL is a tombstone (compacted topics)
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
GRANT SELECT, INSERT, UPDATE, DELETE ON outbox TO ${app_role};
GRANT USAGE ON SEQUENCE outbox_seq_seq TO ${app_role};

-- Idempotent consumers: an event id seen once is never processed again.
CREATE TABLE processed_events (
    consumer     TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
GRANT SELECT, INSERT, DELETE ON processed_events TO ${app_role};
