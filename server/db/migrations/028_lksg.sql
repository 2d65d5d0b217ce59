-- LkSG/CSDDD report section (issue 13): who answers for due diligence, and the
-- organisation's policy statement (a PDF stored under STORAGE_DIR/policy/<org>/, its
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
