-- The web UI's signed-in sessions, in the database so that every `serve` instance behind a load
-- balancer knows them. The session id (the browser's cookie) is kept as its SHA-256 only: a copy of
-- the database signs nobody in. The CSRF token is derived from the id, so it is not kept at all.
CREATE TABLE web_sessions (
  id_sha256   TEXT PRIMARY KEY,
  user_name   TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  via         TEXT NOT NULL CHECK (via IN ('admin-token', 'user-token', 'oidc')),
  created_at  TEXT NOT NULL,
  last_seen   TEXT NOT NULL
);
CREATE INDEX web_sessions_last_seen ON web_sessions (last_seen);
