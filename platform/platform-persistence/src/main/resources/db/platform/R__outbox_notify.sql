-- Wakes every replica's outbox relay when a transaction appends outbox rows: PostgreSQL delivers a NOTIFY when the
-- transaction commits, and folds repeats within one transaction into one (OutboxRelay.APPENDED_CHANNEL).
-- Repeatable, so databases migrated before it get it too.
CREATE OR REPLACE FUNCTION outbox_appended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_appended', '');
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS outbox_appended ON outbox;
CREATE TRIGGER outbox_appended AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_appended();
