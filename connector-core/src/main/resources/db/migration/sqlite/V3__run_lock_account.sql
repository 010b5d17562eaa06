-- Which Tenable account a run lock's sync reads (a hash of the host and access key, never the key),
-- so that two connectors of one account are not synced side by side. PostgreSQL takes a second
-- advisory lock instead and needs no column.
ALTER TABLE run_locks ADD COLUMN account TEXT;
CREATE INDEX run_locks_account ON run_locks (account);
