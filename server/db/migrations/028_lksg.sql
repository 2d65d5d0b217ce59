-- LkSG/CSDDD report section (issue 13): who answers for due diligence, and the
-- organisation's policy statement (a PDF stored under STORAGE_DIR/evidence/<org>/, its
-- SHA-256 printed in the company report so a reader can check the copy they hold).
ALTER TABLE organizations
  ADD COLUMN responsible_name text CHECK (char_length(responsible_name) <= 200),
  ADD COLUMN responsible_position text CHECK (char_length(responsible_position) <= 200),
  ADD COLUMN policy_title text CHECK (char_length(policy_title) <= 200),
  ADD COLUMN policy_date date,
  ADD COLUMN policy_approved_by text CHECK (char_length(policy_approved_by) <= 200),
  ADD COLUMN policy_file_path text,
  ADD COLUMN policy_sha256 text CHECK (policy_sha256 ~ '^[0-9a-f]{64}$');

GRANT UPDATE (responsible_name, responsible_position, policy_title, policy_date, policy_approved_by, policy_file_path, policy_sha256)
  ON organizations TO vigia_app;

-- Disaggregation of child cases (issue 13): Afro-descendant status and INEGI's
-- "household chores in inadequate conditions" (quehaceres domésticos en condiciones no
-- adecuadas, ENTI), optional and kept only with the guardian's recorded consent, as
-- indigenous and migrant status are (docs/casework.md).
ALTER TABLE child_cases
  ADD COLUMN afro_descendant boolean,
  ADD COLUMN household_chores boolean,
  ADD CONSTRAINT child_cases_more_sensitive_consent
    CHECK ((afro_descendant IS NULL AND household_chores IS NULL) OR sensitive_consent_on IS NOT NULL);
