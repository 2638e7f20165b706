-- Prompt checkpoints: the heads a stored batch moved are signed right after it (at most once per
-- connectors.audit.checkpoint.prompt-delay, all orgs together), so a cut tail (newest records deleted, head rewound) shows as the head
-- falling short of a signed checkpoint. Verify compares every checkpoint with the record it pins, by seq range.

CREATE INDEX audit_checkpoints_by_seq ON audit_checkpoints (org_id, seq);

-- Prompt checkpoints of many orgs share one signature over a Merkle root (an Ed25519 signature costs about a
-- millisecond): proof is the checkpoint's path to that root (io.connectors.audit.checkpoint.CheckpointBatches); NULL
-- when the signature signs the checkpoint itself, as every checkpoint before this version.
ALTER TABLE audit_checkpoints ADD COLUMN proof TEXT;

-- Stores signed checkpoints of many orgs in one statement, each under its org's scope (as audit_append does:
-- app.org_id set transaction-locally, SECURITY INVOKER, so Row-Level Security applies to every row). A checkpoint
-- already stored (same org, key and seq: another replica or the periodic job signed that head too) is skipped.
CREATE FUNCTION audit_insert_checkpoints(p_orgs TEXT[], p_key_id TEXT, p_seqs BIGINT[], p_hashes TEXT[],
                                         p_signed_at TIMESTAMPTZ[], p_signatures TEXT[], p_proofs TEXT[])
    RETURNS INT
    LANGUAGE plpgsql SECURITY INVOKER
    SET plan_cache_mode = force_generic_plan SET search_path = public, pg_temp AS $$
DECLARE
    v_stored INT := 0;
    v_row INT;
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_orgs, 1), 0) LOOP
        PERFORM set_config('app.org_id', p_orgs[i], true);
        INSERT INTO audit_checkpoints (org_id, key_id, seq, hash, signed_at, signature, proof)
            VALUES (p_orgs[i], p_key_id, p_seqs[i], p_hashes[i], p_signed_at[i], p_signatures[i], p_proofs[i])
            ON CONFLICT (org_id, key_id, seq) DO NOTHING;
        GET DIAGNOSTICS v_row = ROW_COUNT;
        v_stored := v_stored + v_row;
    END LOOP;
    RETURN v_stored;
END
$$;

REVOKE ALL ON FUNCTION audit_insert_checkpoints(TEXT[], TEXT, BIGINT[], TEXT[], TIMESTAMPTZ[], TEXT[], TEXT[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_insert_checkpoints(TEXT[], TEXT, BIGINT[], TEXT[], TIMESTAMPTZ[], TEXT[], TEXT[]) TO ${app_role};
