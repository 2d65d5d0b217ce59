-- Access that ends when it should (issue 10).

-- What a consultancy creates inside a client through an engagement (API keys, invitations)
-- names that consultancy, so it dies with the engagement.
ALTER TABLE api_keys ADD COLUMN via_consultancy_id uuid REFERENCES organizations(id) ON DELETE CASCADE;
ALTER TABLE invitations ADD COLUMN via_consultancy_id uuid REFERENCES organizations(id) ON DELETE CASCADE;
-- A member who joined through such an invitation leaves with the engagement too (owners excepted).
ALTER TABLE memberships ADD COLUMN via_consultancy_id uuid REFERENCES organizations(id) ON DELETE CASCADE;
CREATE INDEX api_keys_via_consultancy_idx ON api_keys (organization_id, via_consultancy_id) WHERE via_consultancy_id IS NOT NULL;
CREATE INDEX invitations_via_consultancy_idx ON invitations (organization_id, via_consultancy_id) WHERE via_consultancy_id IS NOT NULL;

-- Sessions name their user, so a password reset or "sign out everywhere" can end them all.
ALTER TABLE sessions ADD COLUMN user_id uuid REFERENCES users(id) ON DELETE CASCADE;
UPDATE sessions s SET user_id = u.id FROM users u WHERE u.id::text = s.sess->'passport'->>'user';
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Row-level security for the account tables. Requests (vigia_app) see their own sessions
-- and reset links only; pre-sign-in look-ups by a secret (session id, reset token, e-mail at
-- sign-in) run on the owner connection instead.
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY sessions_own ON sessions USING (user_id = app_user()) WITH CHECK (user_id = app_user());

ALTER TABLE password_resets ENABLE ROW LEVEL SECURITY;
CREATE POLICY password_resets_own ON password_resets USING (user_id = app_user()) WITH CHECK (user_id = app_user());

-- People a request may name: itself, the members of the organisation in context and the
-- members of consultancies engaged in it (authors of findings, owners of actions…).
CREATE FUNCTION app_visible_users() RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT app_user() WHERE app_user() IS NOT NULL
  UNION SELECT user_id FROM memberships WHERE organization_id = app_org()
  UNION SELECT m.user_id FROM memberships m JOIN engagements e ON e.consultancy_id = m.organization_id
         WHERE e.organization_id = app_org()
$$;
REVOKE ALL ON FUNCTION app_visible_users() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_visible_users() TO vigia_app;

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_visible ON users FOR SELECT USING (id IN (SELECT app_visible_users()));
-- Accounts are created by accepting an invitation (or signing up); never a platform administrator.
CREATE POLICY users_register ON users FOR INSERT WITH CHECK (NOT is_platform_admin);
CREATE POLICY users_update_self ON users FOR UPDATE USING (id = app_user()) WITH CHECK (id = app_user());

-- Column privileges: requests never read password hashes or lockout counters (sign-in runs on
-- the owner connection), and never make anyone a platform administrator. Columns added to
-- users by later migrations need their own GRANT if requests read or write them.
REVOKE SELECT, UPDATE ON users FROM vigia_app;
DO $$
DECLARE cols text;
BEGIN
  SELECT string_agg(quote_ident(column_name), ', ') INTO cols FROM information_schema.columns
   WHERE table_schema = 'public' AND table_name = 'users'
     AND column_name NOT IN ('password_hash', 'failed_logins', 'locked_until');
  EXECUTE format('GRANT SELECT (%s) ON users TO vigia_app', cols);
  SELECT string_agg(quote_ident(column_name), ', ') INTO cols FROM information_schema.columns
   WHERE table_schema = 'public' AND table_name = 'users'
     AND column_name NOT IN ('id', 'is_platform_admin', 'failed_logins', 'locked_until');
  EXECUTE format('GRANT UPDATE (%s) ON users TO vigia_app', cols);
END $$;

-- The login role requests connect as in server mode: not a superuser, owns nothing, and
-- inherits nothing, so `RESET ROLE` inside a request lands on a role that can read no table.
-- Each request then does SET LOCAL ROLE vigia_app. The app gives it a password at start-up
-- when it derives the request connection from a single DATABASE_URL (server/db/postgres.ts).
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigia_request') THEN
    CREATE ROLE vigia_request NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT IN ROLE vigia_app;
  END IF;
END $$;
