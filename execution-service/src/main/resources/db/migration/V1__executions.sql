-- execution-service: the read model of connector configurations, executions, and connector health.
-- Every table is org-scoped by Row-Level Security (enabled and forced); the application role is neither owner nor
-- BYPASSRLS and gets only the privileges it needs.

-- The latest version of each connector configuration, built from the compacted connectors.config.v1 topic.
-- Credentials stay encrypted here; they are decrypted in memory only, at execution time.
CREATE TABLE connector_configs (
    id                     TEXT        PRIMARY KEY,
    org_id                 TEXT        NOT NULL,
    agent_id               TEXT,
    name                   TEXT,
    connector_type         TEXT        NOT NULL,
    type_version           TEXT,
    enabled                BOOLEAN     NOT NULL,
    permitted_operations   TEXT        NOT NULL,  -- JSON array of operation names
    config                 TEXT,                  -- JSON object, non-secret settings
    credentials_ciphertext TEXT,                  -- the cipher's opaque envelope, bound to org and config id
    credentials_version    BIGINT      NOT NULL,
    version                BIGINT      NOT NULL,
    updated_at             TIMESTAMPTZ,
    -- A tombstone keeps the row (without credentials) so that a replayed older upsert cannot bring it back.
    deleted_at             TIMESTAMPTZ
);
CREATE INDEX connector_configs_org ON connector_configs (org_id) WHERE deleted_at IS NULL;
ALTER TABLE connector_configs ENABLE ROW LEVEL SECURITY;
ALTER TABLE connector_configs FORCE ROW LEVEL SECURITY;
CREATE POLICY connector_configs_tenant ON connector_configs
    USING (org_id = current_setting('app.org_id', true))
    WITH CHECK (org_id = current_setting('app.org_id', true));
-- Read-only, for the two jobs that do not know the org up front: a tombstone carries only the config id, and the
-- periodic health check walks every org. Only ConnectorDirectory sets app.directory, in a read-only statement.
CREATE POLICY connector_configs_directory ON connector_configs FOR SELECT
    USING (current_setting('app.directory', true) = 'on');
GRANT SELECT, INSERT, UPDATE ON connector_configs TO ${app_role};

CREATE TABLE executions (
    id                   UUID        PRIMARY KEY,
    org_id               TEXT        NOT NULL,
    connector_id         TEXT        NOT NULL,
    connector_type       TEXT        NOT NULL,
    operation            TEXT        NOT NULL,
    params               TEXT        NOT NULL,  -- JSON object as requested
    params_hash          TEXT        NOT NULL,  -- SHA-256 hex of the canonical JSON of params (binds an approval)
    mode                 TEXT        NOT NULL CHECK (mode IN ('sync', 'async')),
    status               TEXT        NOT NULL CHECK (status IN ('received', 'queued', 'pending_approval', 'approved',
                                                                'running', 'success', 'denied', 'error', 'cancelled')),
    result               TEXT,                  -- JSON, on success
    error                TEXT,                  -- JSON {message, fault, retryable, retry_after_seconds, ...}
    decision_id          TEXT,
    risk_score           INTEGER,
    approval_id          TEXT,
    approval_expires_at  TIMESTAMPTZ,
    approved_by          TEXT,
    requested_by         TEXT        NOT NULL,  -- subject of the verified caller
    requested_by_name    TEXT,
    requested_by_roles   TEXT        NOT NULL,  -- JSON array
    idempotency_key      TEXT,
    request_hash         TEXT,
    response             TEXT,                  -- the execute API's answer, replayed for the same Idempotency-Key
    response_status      INTEGER,
    attempts             INTEGER     NOT NULL DEFAULT 0,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    finished_at          TIMESTAMPTZ,
    CONSTRAINT executions_idempotency UNIQUE (org_id, idempotency_key)
);
CREATE INDEX executions_by_org ON executions (org_id, created_at DESC, id);
CREATE INDEX executions_by_connector ON executions (org_id, connector_id, status);
CREATE INDEX executions_by_approval ON executions (approval_id) WHERE approval_id IS NOT NULL;
ALTER TABLE executions ENABLE ROW LEVEL SECURITY;
ALTER TABLE executions FORCE ROW LEVEL SECURITY;
CREATE POLICY executions_tenant ON executions
    USING (org_id = current_setting('app.org_id', true))
    WITH CHECK (org_id = current_setting('app.org_id', true));
GRANT SELECT, INSERT, UPDATE ON executions TO ${app_role};

-- Connector health judged over time (the last samples), not from one sample.
CREATE TABLE connector_health (
    connector_id         TEXT        PRIMARY KEY,
    org_id               TEXT        NOT NULL,
    samples              TEXT        NOT NULL DEFAULT '[]',  -- JSON array of the last samples, oldest first
    last_success_at      TIMESTAMPTZ,
    last_failure_at      TIMESTAMPTZ,
    error_count          BIGINT      NOT NULL DEFAULT 0,
    consecutive_failures INTEGER     NOT NULL DEFAULT 0,
    last_checked_at      TIMESTAMPTZ
);
ALTER TABLE connector_health ENABLE ROW LEVEL SECURITY;
ALTER TABLE connector_health FORCE ROW LEVEL SECURITY;
CREATE POLICY connector_health_tenant ON connector_health
    USING (org_id = current_setting('app.org_id', true))
    WITH CHECK (org_id = current_setting('app.org_id', true));
GRANT SELECT, INSERT, UPDATE ON connector_health TO ${app_role};
