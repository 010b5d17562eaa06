-- Every change made through the service (API and web UI) and every refused credential: who, what,
-- when, from where, and how it ended. No bodies, no query strings, no secrets.
CREATE TABLE audit_log (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  at       TEXT NOT NULL,
  actor    TEXT NOT NULL,
  via      TEXT NOT NULL,
  address  TEXT NOT NULL,
  method   TEXT NOT NULL,
  path     TEXT NOT NULL,
  status   INTEGER NOT NULL
);
