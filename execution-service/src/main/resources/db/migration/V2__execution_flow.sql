-- The execute flow writes plain SQL (ExecutionStore): JSON columns become jsonb, written and read once per change.
ALTER TABLE executions
    ALTER COLUMN params   TYPE jsonb USING params::jsonb,
    ALTER COLUMN result   TYPE jsonb USING result::jsonb,
    ALTER COLUMN error    TYPE jsonb USING error::jsonb,
    ALTER COLUMN response TYPE jsonb USING response::jsonb,
    ALTER COLUMN requested_by_roles TYPE jsonb USING requested_by_roles::jsonb;

-- interrupted: the call may have happened but its outcome was never recorded (the process died mid-call); terminal,
-- never re-run by itself (ExecutionReaper).
ALTER TABLE executions DROP CONSTRAINT executions_status_check;
ALTER TABLE executions ADD CONSTRAINT executions_status_check
    CHECK (status IN ('received', 'queued', 'pending_approval', 'approved', 'running', 'success', 'denied', 'error',
                      'cancelled', 'interrupted'));

-- What the reaper looks for: executions left non-terminal by a crash.
CREATE INDEX executions_unfinished ON executions (updated_at) WHERE status IN ('received', 'running');

-- Read-only, for the reaper, which walks every org (it then changes each row in that row's org). Only
-- TenantSql.directory sets app.directory, in a read-only transaction.
CREATE POLICY executions_directory ON executions FOR SELECT
    USING (current_setting('app.directory', true) = 'on');
