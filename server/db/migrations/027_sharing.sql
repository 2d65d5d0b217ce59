-- Answer once, share with many: supplier accounts (an RFC with a verified e-mail), and
-- submissions a supplier shares, by consent per receiving organisation, revocably.
-- See docs/sharing.md for the matching rule and the access model.

-- A supplier is not a tenant: its account spans every organisation that sent it a
-- questionnaire. Only the owner connection reads these tables (like token look-ups);
-- RLS without a policy and no grants keep the application role out entirely.
CREATE TABLE supplier_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  rfc text NOT NULL CHECK (rfc ~ '^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$'),
  email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
  verified_at timestamptz,
  last_sign_in_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (rfc, email)
);

-- Single-use confirmation links; only the SHA-256 of the token is stored.
CREATE TABLE supplier_account_tokens (
  token_hash text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES supplier_accounts(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX supplier_account_tokens_account_idx ON supplier_account_tokens (account_id, created_at);

-- What the receiving organisation holds: a share addressed to one of its requests.
-- It names neither the source organisation nor its assessment (see submission_share_sources).
CREATE TABLE submission_shares (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE, -- the receiving organisation
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  target_assessment_id uuid NOT NULL,
  template_key text NOT NULL,
  template_version int NOT NULL,
  -- The supplier's choice whether the receiver may see which organisation reviewed it.
  show_source_name boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'offered' CHECK (status IN ('offered', 'accepted', 'update_requested', 'revoked')),
  consented_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  decided_at timestamptz,
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, target_assessment_id) REFERENCES assessments (organization_id, id) ON DELETE CASCADE,
  CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
);
-- At most one open offer per request.
CREATE UNIQUE INDEX submission_shares_open_key ON submission_shares (organization_id, target_assessment_id) WHERE status = 'offered';

-- Where a share comes from: owner-only, so the receiver cannot learn the source buyer.
CREATE TABLE submission_share_sources (
  share_id uuid PRIMARY KEY,
  receiver_organization_id uuid NOT NULL,
  supplier_account_id uuid NOT NULL REFERENCES supplier_accounts(id) ON DELETE CASCADE,
  source_organization_id uuid NOT NULL,
  source_assessment_id uuid NOT NULL,
  FOREIGN KEY (receiver_organization_id, share_id) REFERENCES submission_shares (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (source_organization_id, source_assessment_id) REFERENCES assessments (organization_id, id) ON DELETE CASCADE,
  CHECK (receiver_organization_id <> source_organization_id)
);
CREATE INDEX submission_share_sources_account_idx ON submission_share_sources (supplier_account_id);
CREATE INDEX submission_share_sources_source_idx ON submission_share_sources (source_organization_id, source_assessment_id);

ALTER TABLE supplier_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE supplier_account_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE submission_share_sources ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON supplier_accounts, supplier_account_tokens, submission_share_sources FROM vigia_app;

ALTER TABLE submission_shares ENABLE ROW LEVEL SECURITY;
CREATE POLICY submission_shares_tenant ON submission_shares
  USING (organization_id = (SELECT app_org())) WITH CHECK (organization_id = (SELECT app_org()));
-- The supplier creates and revokes shares (owner connection); the receiver only decides.
REVOKE ALL ON submission_shares FROM vigia_app;
GRANT SELECT ON submission_shares TO vigia_app;
GRANT UPDATE (status, decided_at, decided_by) ON submission_shares TO vigia_app;

-- A decision is final: only an open offer changes state, so nobody (the receiver through
-- its UPDATE grant included) can reopen an accepted, declined or revoked share to read again.
CREATE FUNCTION submission_share_decided() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'offered' AND NEW.status IS DISTINCT FROM OLD.status THEN
    RAISE EXCEPTION 'share % is % and cannot change', OLD.id, OLD.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER submission_shares_decided BEFORE UPDATE ON submission_shares
  FOR EACH ROW EXECUTE FUNCTION submission_share_decided();

-- The only doors from a receiving organisation to another organisation's answers.
-- SECURITY DEFINER (owner rights) but each returns rows only for a share addressed to the
-- calling tenant (app_org()), still offered (consent neither revoked nor used up), whose
-- source is reviewed and of the same questionnaire version. Only the supplier's own
-- material comes out: answers (no reviewer comments), evidence metadata, the dates, and
-- the source organisation's name only if the supplier consented to show it. Scores,
-- evaluations, findings and plans are never selected.
CREATE FUNCTION shared_submission(share uuid)
RETURNS TABLE (submitted_at timestamptz, reviewed_at timestamptz, source_name text, template_key text, template_version int)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT a.submitted_at, a.reviewed_at, CASE WHEN s.show_source_name THEN o.name END, a.template_key, a.template_version
    FROM submission_shares s
    JOIN submission_share_sources src ON src.share_id = s.id AND src.receiver_organization_id = s.organization_id
    JOIN assessments a ON a.organization_id = src.source_organization_id AND a.id = src.source_assessment_id
    JOIN organizations o ON o.id = src.source_organization_id
   WHERE s.id = share AND s.organization_id = app_org() AND s.status = 'offered' AND s.revoked_at IS NULL
     AND a.status = 'reviewed' AND a.template_key = s.template_key AND a.template_version = s.template_version
$$;

CREATE FUNCTION shared_submission_answers(share uuid)
RETURNS TABLE (question_id text, answer jsonb)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT ans.question_id, ans.answer
    FROM submission_shares s
    JOIN submission_share_sources src ON src.share_id = s.id AND src.receiver_organization_id = s.organization_id
    JOIN assessments a ON a.organization_id = src.source_organization_id AND a.id = src.source_assessment_id
    JOIN assessment_answers ans ON ans.organization_id = a.organization_id AND ans.assessment_id = a.id
   WHERE s.id = share AND s.organization_id = app_org() AND s.status = 'offered' AND s.revoked_at IS NULL
     AND a.status = 'reviewed' AND a.template_key = s.template_key AND a.template_version = s.template_version
     AND ans.answer IS NOT NULL
   ORDER BY ans.question_id
$$;

-- stored_name and the source organisation id locate the file to copy on acceptance.
CREATE FUNCTION shared_submission_evidence(share uuid)
RETURNS TABLE (id uuid, question_id text, original_name text, mime text, size bigint, sha256 text, source_organization_id uuid, stored_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT e.id, e.question_id, e.original_name, e.mime, e.size, e.sha256, e.organization_id, e.stored_name
    FROM submission_shares s
    JOIN submission_share_sources src ON src.share_id = s.id AND src.receiver_organization_id = s.organization_id
    JOIN assessments a ON a.organization_id = src.source_organization_id AND a.id = src.source_assessment_id
    JOIN evidence_files e ON e.organization_id = a.organization_id AND e.assessment_id = a.id
   WHERE s.id = share AND s.organization_id = app_org() AND s.status = 'offered' AND s.revoked_at IS NULL
     AND a.status = 'reviewed' AND a.template_key = s.template_key AND a.template_version = s.template_version
     AND e.uploaded_by_portal  -- files a buyer attached itself are its own data
   ORDER BY e.question_id, e.uploaded_at
$$;
