-- Batch ingest: a consumed Kafka batch holds records of many orgs, and storing it org by org cost a transaction (a
-- flushed commit) and several round trips per org. These functions take the whole batch, org by org inside the
-- database: one call locks and reads every head, one more appends every record and advances every head, in one
-- transaction. Each org's statements run under that org's scope (app.org_id set transaction-locally, as TenantSql and
-- TenantSessions do), and the functions run as the caller (SECURITY INVOKER), so Row-Level Security applies to every
-- row exactly as before. Arrays are grouped by org in the order of p_orgs: p_counts[i] elements belong to p_orgs[i].
--
-- Plans: every statement finds its rows through a unique index as an ON CONFLICT arbiter, or inserts from the
-- arguments, so no plan depends on statistics (the trail grows faster than they are refreshed, and a generic plan made
-- while it was small would scan); plans are generic (planning each call cost more than running it).

-- Locks each org's chain head for this transaction, creating it at p_genesis for an org's first record. Callers pass
-- the orgs sorted, so two replicas locking the same heads take them in the same order and cannot deadlock.
CREATE FUNCTION audit_lock_heads(p_orgs TEXT[], p_genesis TEXT)
    RETURNS TABLE (head_org TEXT, head_seq BIGINT, head_hash TEXT)
    LANGUAGE plpgsql SECURITY INVOKER
    SET plan_cache_mode = force_generic_plan SET search_path = public, pg_temp AS $$
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_orgs, 1), 0) LOOP
        PERFORM set_config('app.org_id', p_orgs[i], true);
        INSERT INTO audit_chain_heads AS h (org_id, seq, hash) VALUES (p_orgs[i], 0, p_genesis)
            ON CONFLICT (org_id) DO UPDATE SET seq = h.seq
            RETURNING h.seq, h.hash INTO head_seq, head_hash;
        head_org := p_orgs[i];
        RETURN NEXT;
    END LOOP;
END
$$;

-- The event ids of each org's slice of p_event_ids that are already stored: asked only after audit_append found one
-- (a redelivery), so planned per call, with the ids at hand.
CREATE FUNCTION audit_stored_event_ids(p_orgs TEXT[], p_counts INT[], p_event_ids TEXT[])
    RETURNS TABLE (stored_org TEXT, stored_id TEXT)
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
DECLARE
    v_from INT := 1;
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_orgs, 1), 0) LOOP
        PERFORM set_config('app.org_id', p_orgs[i], true);
        RETURN QUERY EXECUTE 'SELECT org_id, event_id FROM audit_records WHERE org_id = $1 AND event_id = ANY ($2)'
            USING p_orgs[i], p_event_ids[v_from : v_from + p_counts[i] - 1];
        v_from := v_from + p_counts[i];
    END LOOP;
END
$$;

-- Appends each org's linked records (seq, prev_hash and hash computed by the service under the locks taken above) and
-- moves its head to its last record. A record whose event id is already stored was linked as if new: the whole call
-- fails with SQLSTATE AUD01 (nothing is kept), and the caller links again without the stored ones.
CREATE FUNCTION audit_append(p_orgs TEXT[], p_counts INT[], p_event_id TEXT[], p_seq BIGINT[], p_time TIMESTAMPTZ[],
                             p_action TEXT[], p_actor TEXT[], p_target TEXT[], p_outcome TEXT[], p_details TEXT[],
                             p_decision_id TEXT[], p_trace_id TEXT[], p_source_service TEXT[], p_prev_hash TEXT[],
                             p_hash TEXT[])
    RETURNS INT
    LANGUAGE plpgsql SECURITY INVOKER
    SET plan_cache_mode = force_generic_plan SET search_path = public, pg_temp AS $$
DECLARE
    v_from INT := 1;
    v_to INT;
    v_stored INT;
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_orgs, 1), 0) LOOP
        v_to := v_from + p_counts[i] - 1;
        PERFORM set_config('app.org_id', p_orgs[i], true);
        INSERT INTO audit_records (event_id, seq, time, org_id, action, actor, target, outcome, details, decision_id,
                                   trace_id, source_service, prev_hash, hash)
            SELECT u.event_id, u.seq, u.time, p_orgs[i], u.action, u.actor, u.target, u.outcome, u.details,
                   u.decision_id, u.trace_id, u.source_service, u.prev_hash, u.hash
            FROM unnest(p_event_id[v_from : v_to], p_seq[v_from : v_to], p_time[v_from : v_to],
                        p_action[v_from : v_to], p_actor[v_from : v_to], p_target[v_from : v_to],
                        p_outcome[v_from : v_to], p_details[v_from : v_to], p_decision_id[v_from : v_to],
                        p_trace_id[v_from : v_to], p_source_service[v_from : v_to], p_prev_hash[v_from : v_to],
                        p_hash[v_from : v_to])
                AS u(event_id, seq, time, action, actor, target, outcome, details, decision_id, trace_id,
                     source_service, prev_hash, hash)
            ON CONFLICT (org_id, event_id) DO NOTHING;
        GET DIAGNOSTICS v_stored = ROW_COUNT;
        IF v_stored < p_counts[i] THEN
            RAISE EXCEPTION 'an audit record of this batch is already stored' USING ERRCODE = 'AUD01';
        END IF;
        INSERT INTO audit_chain_heads AS h (org_id, seq, hash) VALUES (p_orgs[i], p_seq[v_to], p_hash[v_to])
            ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, updated_at = now();
        v_from := v_to + 1;
    END LOOP;
    RETURN v_from - 1;
END
$$;

REVOKE ALL ON FUNCTION audit_lock_heads(TEXT[], TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_lock_heads(TEXT[], TEXT) TO ${app_role};
REVOKE ALL ON FUNCTION audit_stored_event_ids(TEXT[], INT[], TEXT[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_stored_event_ids(TEXT[], INT[], TEXT[]) TO ${app_role};
REVOKE ALL ON FUNCTION audit_append(TEXT[], INT[], TEXT[], BIGINT[], TIMESTAMPTZ[], TEXT[], TEXT[], TEXT[], TEXT[],
    TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_append(TEXT[], INT[], TEXT[], BIGINT[], TIMESTAMPTZ[], TEXT[], TEXT[], TEXT[], TEXT[],
    TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[]) TO ${app_role};
