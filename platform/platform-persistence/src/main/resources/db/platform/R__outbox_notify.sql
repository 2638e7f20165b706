-- The outbox no longer notifies on insert: a transaction that NOTIFYs takes a database-wide lock at commit and keeps
-- it through its WAL flush, so every commit that appended outbox rows ran one after another (OutboxRelay explains,
-- BENCHMARKS.md "Session 6 of issue 12" measures). The relay is woken in-process instead (Outbox). Repeatable, so
-- databases that got the trigger from this file's earlier version lose it; the file stays so Flyway still resolves it.
DROP TRIGGER IF EXISTS outbox_appended ON outbox;
DROP FUNCTION IF EXISTS outbox_appended();
