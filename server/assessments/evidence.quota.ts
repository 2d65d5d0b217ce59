import type { AcceptedFile, RejectedFile } from './evidence.service.ts';

/**
 * How much evidence a portal link may hold. Anyone with the link can upload, so without
 * these a leaked link fills the disk: per assessment a questionnaire's worth of documents,
 * per organisation a ceiling an operator can raise (EVIDENCE_ORG_QUOTA_MB).
 */
export interface EvidenceQuota {
  filesPerAssessment: number;
  bytesPerAssessment: number;
  bytesPerOrganization: number;
}

export const DEFAULT_EVIDENCE_QUOTA: EvidenceQuota = {
  filesPerAssessment: 60,
  bytesPerAssessment: 200 * 1024 * 1024,
  bytesPerOrganization: 5 * 1024 * 1024 * 1024,
};

export interface EvidenceUsage {
  assessmentFiles: number;
  assessmentBytes: number;
  organizationBytes: number;
}

/** Pure: the uploads refused because they would pass a quota (all of them: nothing half-saved). */
export function quotaRejections(files: AcceptedFile[], usage: EvidenceUsage, quota: EvidenceQuota): RejectedFile[] {
  if (files.length === 0) return [];
  const bytes = files.reduce((n, f) => n + f.content.length, 0);
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  let key: string | undefined;
  let params: Record<string, unknown> = {};
  if (usage.assessmentFiles + files.length > quota.filesPerAssessment) {
    key = 'assessments.evidence.errors.quotaFiles';
    params = { max: quota.filesPerAssessment, left: Math.max(0, quota.filesPerAssessment - usage.assessmentFiles) };
  } else if (usage.assessmentBytes + bytes > quota.bytesPerAssessment) {
    key = 'assessments.evidence.errors.quotaAssessmentBytes';
    params = { max: mb(quota.bytesPerAssessment), left: mb(Math.max(0, quota.bytesPerAssessment - usage.assessmentBytes)) };
  } else if (usage.organizationBytes + bytes > quota.bytesPerOrganization) {
    key = 'assessments.evidence.errors.quotaOrganization';
  }
  if (!key) return [];
  return files.map((f) => ({ questionId: f.questionId, key, params: { ...params, name: f.originalName } }));
}
