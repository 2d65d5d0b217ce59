import type { Translate } from '../i18n/index.ts';

type Has = (key: string) => boolean;

/** Kinds of object audit actions start with (the audit page's filter). */
export const AUDIT_TARGETS = [
  'api_key', 'assessment', 'child_case', 'engagement', 'evidence', 'finding', 'membership', 'organization', 'questionnaire',
  'remediation', 'remediation_action', 'remediation_evidence', 'remediation_plan', 'report', 'risk_dataset', 'scoring',
  'service_directory', 'site', 'supplier',
] as const;

/** "finding.created" → "Hallazgo · creado"; unknown parts in plain words, never the code. */
export function auditActionLabel(t: Translate, has: Has, action: string): string {
  if (has(`audit.actions.${action}`)) return t(`audit.actions.${action}`);
  const dot = action.lastIndexOf('.');
  const target = dot > 0 ? action.slice(0, dot) : '';
  const verb = dot > 0 ? action.slice(dot + 1) : action;
  const targetText = target ? auditTargetLabel(t, has, target) : '';
  const verbText = has(`audit.verbs.${verb}`) ? t(`audit.verbs.${verb}`) : words(verb);
  return targetText ? `${targetText} · ${verbText}` : verbText;
}

export function auditTargetLabel(t: Translate, has: Has, targetType: string): string {
  return has(`audit.targets.${targetType}`) ? t(`audit.targets.${targetType}`) : words(targetType);
}

/** Last resort for codes another feature adds later: words, not snake_case or camelCase. */
function words(code: string): string {
  const s = code.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[._]+/g, ' ').trim().toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
