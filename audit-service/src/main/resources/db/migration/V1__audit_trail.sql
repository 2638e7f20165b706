-- The append-only, hash-chained audit trail. Run as the schema owner; the application role gets INSERT and SELECT on
-- the trail only. Every column of audit_records except the generated ones is covered by the record's hash (see
-- io.connectors.audit.trail.ChainRecord#canonicalForm), so an owner who edits rows behind the application's back is
-- caught by GET /v1/audit/verify.

CREATE TABLE audit_records (
    org_id         TEXT        NOT NULL,
    seq            BIGINT      NOT NULL CHECK (seq > 0),
    event_id       TEXT        NOT NULL,
    time           TIMESTAMPTZ NOT NULL,
    action         TEXT        NOT NULL,
    actor          TEXT        NOT NULL,     -- canonical JSON object
    target         TEXT,                     -- canonical JSON object, or NULL
    outcome        TEXT        NOT NULL,
    details        TEXT        NOT NULL,     -- canonical JSON object (redacted by the producer)
    decision_id    TEXT,
    trace_id       TEXT,
    source_service TEXT        NOT NULL,
    prev_hash      TEXT        NOT NULL,
    hash           TEXT        NOT NULL,
    -- Filter columns derived from the hashed JSON: they cannot be edited on their own.
    actor_subject  TEXT GENERATED ALWAYS AS (actor::jsonb ->> 'subject') STORED,
    actor_username TEXT GENERATED ALWAYS AS (actor::jsonb ->> 'username') STORED,
    connector_id   TEXT GENERATED ALWAYS AS (target::jsonb ->> 'connector_id') STORED,
    PRIMARY KEY (org_id, seq),
    UNIQUE (org_id, event_id)
);
CREATE INDEX audit_records_time ON audit_records (org_id, time);

-- The last link of each org's chain. Appends lock it FOR UPDATE, so one org's appends serialise (across replicas too)
-- while different orgs append in parallel. A cache of the chain, not evidence: verify trusts only the records and the
-- signed checkpoints.
CREATE TABLE audit_chain_heads (
    org_id     TEXT        PRIMARY KEY,
    seq        BIGINT      NOT NULL,
    hash       TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Ed25519-signed chain heads, written periodically; verify checks the latest one still matches the chain.
CREATE TABLE audit_checkpoints (
    org_id    TEXT        NOT NULL,
    key_id    TEXT        NOT NULL,
    seq       BIGINT      NOT NULL,
    hash      TEXT        NOT NULL,
    signed_at TIMESTAMPTZ NOT NULL,
    signature TEXT        NOT NULL,
    PRIMARY KEY (org_id, key_id, seq)
);

GRANT SELECT, INSERT ON audit_records TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON audit_chain_heads TO ${app_role};
GRANT SELECT, INSERT ON audit_checkpoints TO ${app_role};

-- Append-only, even for a role that holds (or is later granted) the privileges: the owner must disable the trigger
-- first, which is exactly the tampering verify detects.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

ALTER TABLE audit_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_records FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_records_org ON audit_records
    USING (org_id = current_setting('app.org_id', true))
    WITH CHECK (org_id = current_setting('app.org_id', true));

ALTER TABLE audit_chain_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_chain_heads FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_chain_heads_org ON audit_chain_heads
    USING (org_id = current_setting('app.org_id', true))
    WITH CHECK (org_id = current_setting('app.org_id', true));

ALTER TABLE audit_checkpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_checkpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_checkpoints_org ON audit_checkpoints
    USING (org_id = current_setting('app.org_id', true))
    WITH CHECK (org_id = current_setting('app.org_id', true));

-- The checkpoint job must find the chains whose head moved since their last checkpoint, across orgs, without the
-- application role ever reading another org's rows: this owner-run function answers org ids only. Its owner (the
-- migration user) may read heads and checkpoints across orgs for that purpose; the records stay org-scoped for everyone.
CREATE POLICY audit_chain_heads_checkpointer ON audit_chain_heads FOR SELECT
    USING (current_user = '${flyway:user}');
CREATE POLICY audit_checkpoints_checkpointer ON audit_checkpoints FOR SELECT
    USING (current_user = '${flyway:user}');

CREATE FUNCTION audit_chains_due_for_checkpoint(p_key_id TEXT) RETURNS SETOF TEXT
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT h.org_id FROM audit_chain_heads h
    WHERE h.seq > 0
      AND NOT EXISTS (SELECT 1 FROM audit_checkpoints c
                      WHERE c.org_id = h.org_id AND c.key_id = p_key_id AND c.seq = h.seq)
    ORDER BY h.org_id
$$;
REVOKE ALL ON FUNCTION audit_chains_due_for_checkpoint(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_chains_due_for_checkpoint(TEXT) TO ${app_role};
