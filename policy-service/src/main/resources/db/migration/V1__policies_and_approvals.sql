-- policy-service: org policies (CEL rules, versioned), org settings, approval requests.
-- Every org-owned table is under Row-Level Security: a row is visible only inside a transaction whose app.org_id is
-- its org (TenantSessions), also to the owner (FORCE), and the application role is neither owner nor BYPASSRLS.

-- Thresholds and the version of the org's policy set: bumped on every policy or threshold change, so every replica's
-- compiled-rule cache knows when it is stale.
CREATE TABLE org_settings (
    org_id             TEXT        PRIMARY KEY,
    escalate_threshold INT         NOT NULL CHECK (escalate_threshold BETWEEN 0 AND 100),
    deny_threshold     INT         NOT NULL CHECK (deny_threshold BETWEEN 0 AND 100),
    policy_set_version BIGINT      NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    updated_by         TEXT,
    CHECK (escalate_threshold <= deny_threshold)
);

CREATE TABLE policies (
    id           UUID        PRIMARY KEY,
    org_id       TEXT        NOT NULL,
    name         TEXT        NOT NULL,
    description  TEXT,
    expression   TEXT        NOT NULL,
    -- the type-checked CEL AST (protobuf CheckedExpr): loading a rule never parses or checks again
    checked_expr BYTEA       NOT NULL,
    effect       TEXT        NOT NULL CHECK (effect IN ('deny', 'escalate', 'allow')),
    risk_weight  INT         NOT NULL CHECK (risk_weight BETWEEN 0 AND 100),
    enabled      BOOLEAN     NOT NULL,
    priority     INT         NOT NULL,
    version      INT         NOT NULL,
    deleted      BOOLEAN     NOT NULL DEFAULT false,
    created_at   TIMESTAMPTZ NOT NULL,
    created_by   TEXT        NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    updated_by   TEXT        NOT NULL
);
CREATE UNIQUE INDEX policies_name_per_org ON policies (org_id, name) WHERE NOT deleted;
CREATE INDEX policies_org ON policies (org_id, priority DESC, name) WHERE NOT deleted;

-- Every version of every policy, as it was written (history is append-only for the application).
CREATE TABLE policy_versions (
    policy_id   UUID        NOT NULL REFERENCES policies (id),
    version     INT         NOT NULL,
    org_id      TEXT        NOT NULL,
    change      TEXT        NOT NULL CHECK (change IN ('created', 'updated', 'deleted')),
    name        TEXT        NOT NULL,
    description TEXT,
    expression  TEXT        NOT NULL,
    effect      TEXT        NOT NULL,
    risk_weight INT         NOT NULL,
    enabled     BOOLEAN     NOT NULL,
    priority    INT         NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL,
    changed_by  TEXT        NOT NULL,
    PRIMARY KEY (policy_id, version)
);

-- An escalated decision waiting for (or done with) a human: bound to the exact connector, operation and params.
CREATE TABLE approvals (
    id                 UUID        PRIMARY KEY,
    org_id             TEXT        NOT NULL,
    status             TEXT        NOT NULL CHECK (status IN ('pending', 'granted', 'rejected', 'expired', 'cancelled')),
    execution_id       UUID        NOT NULL,
    decision_id        UUID        NOT NULL,
    connector_id       UUID        NOT NULL,
    connector_type     TEXT        NOT NULL,
    operation          TEXT        NOT NULL,
    operation_class    TEXT        NOT NULL,
    params             TEXT        NOT NULL,
    params_hash        TEXT        NOT NULL,
    risk_score         INT         NOT NULL,
    reasons            TEXT        NOT NULL,
    requested_by       TEXT        NOT NULL,
    requested_by_name  TEXT,
    decided_by         TEXT,
    decided_by_name    TEXT,
    decision_reason    TEXT,
    created_at         TIMESTAMPTZ NOT NULL,
    expires_at         TIMESTAMPTZ NOT NULL,
    decided_at         TIMESTAMPTZ,
    -- set when a granted approval let its execution through: an approval is used once
    consumed_at        TIMESTAMPTZ
);
CREATE INDEX approvals_by_status ON approvals (org_id, status, created_at DESC);
CREATE INDEX approvals_by_execution ON approvals (org_id, execution_id);
CREATE INDEX approvals_pending_by_deadline ON approvals (org_id, expires_at) WHERE status = 'pending';
CREATE INDEX approvals_pending_by_connector ON approvals (org_id, connector_id) WHERE status = 'pending';

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['org_settings', 'policies', 'policy_versions', 'approvals'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (org_id = current_setting(''app.org_id'', true))'
                       ' WITH CHECK (org_id = current_setting(''app.org_id'', true))', t || '_by_org', t);
    END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON org_settings TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON policies TO ${app_role};
GRANT SELECT, INSERT ON policy_versions TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON approvals TO ${app_role};

-- The orgs that have approvals, so the expiry job and the config consumer (whose tombstones carry no org) know which
-- orgs to visit. Ids only, no org data: like the outbox it is not under RLS.
CREATE TABLE approval_orgs (
    org_id        TEXT        PRIMARY KEY,
    first_seen_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON approval_orgs TO ${app_role};
