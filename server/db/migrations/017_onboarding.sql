-- Coming aboard and leaving: self-service sign-up, organisation details, suspension by
-- the platform, and deletion with a grace period.

-- A sign-up waits here until its e-mail link is followed; only then are the organisation
-- and its owner created, so an unconfirmed address can never sign in. Reached only
-- through the owner connection (token look-up by hash), never by the request role.
CREATE TABLE signups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('company', 'consultancy')),
  org_name text NOT NULL,
  slug text NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  locale text NOT NULL DEFAULT 'es-MX',
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX signups_expires_idx ON signups (expires_at);
ALTER TABLE signups ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON signups FROM vigia_app;

-- Details an owner sets after signing up (the checklist asks for them).
ALTER TABLE organizations
  ADD COLUMN legal_name text,
  ADD COLUMN tax_id text,
  ADD COLUMN address text,
  ADD COLUMN contact_email text,
  ADD COLUMN details_updated_at timestamptz,
  -- Platform suspension: members and API keys are refused, data kept.
  ADD COLUMN suspended_at timestamptz,
  ADD COLUMN suspended_reason text,
  -- Deletion requested by an owner: purged by a job once delete_after passes, unless cancelled.
  ADD COLUMN deletion_requested_at timestamptz,
  ADD COLUMN deletion_requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
  ADD COLUMN delete_after timestamptz;

-- Owners may update their organisation's details (RLS keeps it to the one in context);
-- suspension columns are changed only by the platform (owner connection).
GRANT UPDATE (name, legal_name, tax_id, address, contact_email, details_updated_at,
              deletion_requested_at, deletion_requested_by, delete_after) ON organizations TO vigia_app;

-- A consultancy onboarding a client invites the client's first owner.
ALTER TABLE invitations DROP CONSTRAINT invitations_role_check;
ALTER TABLE invitations ADD CONSTRAINT invitations_role_check CHECK (role IN ('owner', 'admin', 'analyst', 'viewer', 'auditor'));
