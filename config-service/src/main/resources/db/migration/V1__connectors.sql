-- config-service: connector configurations, idempotency keys of creates, and the open work (pending approvals,
-- running executions) per connector that a deletion must not silently orphan.
-- Every table is under Row-Level Security: a row is visible only inside a transaction whose app.org_id is its org
-- (TenantSessions), also to the owner (FORCE); the application role is neither owner nor BYPASSRLS.

CREATE TABLE connectors (
    id                     UUID        PRIMARY KEY,
    org_id                 TEXT        NOT NULL,
    agent_id               UUID        NOT NULL,
    name                   TEXT        NOT NULL,
    description            TEXT,
    connector_type         TEXT        NOT NULL,
    type_version           TEXT        NOT NULL,
    enabled                BOOLEAN     NOT NULL,
    permitted_operations   TEXT        NOT NULL,  -- JSON array of operation names
    config                 TEXT        NOT NULL,  -- JSON object, not secret
    -- SecretCipher envelope of the credentials JSON, bound to org_id and id; NULL when none are configured
    credentials_ciphertext TEXT,
    -- computed before encryption, so reads never decrypt: the redacted view and the names of the fields set
    credentials_redacted   TEXT        NOT NULL,
    credentials_fields     TEXT        NOT NULL,
    credentials_version    BIGINT      NOT NULL,
    credentials_updated_at TIMESTAMPTZ,
    version                BIGINT      NOT NULL,
    created_at             TIMESTAMPTZ NOT NULL,
    created_by             TEXT        NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL,
    updated_by             TEXT        NOT NULL
);
-- names are unique per org, case-insensitively ("Jira" and "jira" would be confused in every UI)
CREATE UNIQUE INDEX connectors_name_per_org ON connectors (org_id, lower(name));
CREATE INDEX connectors_by_created ON connectors (org_id, created_at, id);
CREATE INDEX connectors_by_agent ON connectors (org_id, agent_id, created_at, id);

-- A create sent again with the same Idempotency-Key answers the stored response instead of creating twice.
CREATE TABLE idempotency_keys (
    org_id          TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    request_hash    TEXT        NOT NULL,
    connector_id    UUID        NOT NULL,
    response        TEXT        NOT NULL,  -- the 201 body as sent (credentials redacted)
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, idempotency_key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (org_id, created_at);

-- Read model of approvals.v1 and execution-results.v1: work that still refers to a connector. A row once closed
-- stays closed, so a late or re-ordered "opened" event cannot reopen it.
CREATE TABLE connector_open_work (
    org_id       TEXT        NOT NULL,
    kind         TEXT        NOT NULL CHECK (kind IN ('approval', 'execution')),
    work_id      TEXT        NOT NULL,
    connector_id UUID        NOT NULL,
    open         BOOLEAN     NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, kind, work_id)
);
CREATE INDEX connector_open_work_open ON connector_open_work (org_id, connector_id) WHERE open;

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['connectors', 'idempotency_keys', 'connector_open_work'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (org_id = current_setting(''app.org_id'', true))'
                       ' WITH CHECK (org_id = current_setting(''app.org_id'', true))', t || '_by_org', t);
    END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON connectors TO ${app_role};
GRANT SELECT, INSERT, DELETE ON idempotency_keys TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON connector_open_work TO ${app_role};
