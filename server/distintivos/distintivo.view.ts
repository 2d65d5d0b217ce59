import type { QuestionnaireTemplate } from '../questionnaires/template.schema.ts';
import type { AnswerValue } from '../questionnaires/conditions.ts';
import type { CheckOutcome, Readiness } from './readiness.ts';
import { formatDate } from '../dates/local-day.ts';

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Words for an answer: the template's option labels in the reader's language, Sí/No for yes-no. */
function answerWords(value: AnswerValue, questionId: string, template: QuestionnaireTemplate | undefined, t: Translate, locale: string): string {
  const lang = locale === 'en' ? 'en' : 'es';
  const question = template?.sections.flatMap((s) => s.questions).find((q) => q.id === questionId);
  const one = (v: AnswerValue): string => {
    if (typeof v === 'boolean') return t(v ? 'distintivos.yes' : 'distintivos.no');
    const option = question?.options?.find((o) => o.value === v);
    return option ? option.label[lang] : String(v);
  };
  return Array.isArray(value) ? value.map(one).join(', ') : one(value);
}

export interface CheckLine {
  status: 'met' | 'gap' | 'na';
  text: string;
}

export function describeCheck(o: CheckOutcome, t: Translate, locale: string, template: QuestionnaireTemplate | undefined): CheckLine {
  const c = o.check;
  const question = 'questionId' in c ? t(`distintivos.questions.${c.questionId}`) : '';
  const e = o.evidence;
  if (o.status === 'na') return { status: 'na', text: t('distintivos.na', { question }) };
  if (o.status === 'met') {
    if (e?.kind === 'answer') {
      return { status: 'met', text: t('distintivos.evidence.answer', { question, value: answerWords(e.value, e.questionId, template, t, locale), date: formatDate(e.reviewedAt, locale) }) };
    }
    if (e?.kind === 'document') return { status: 'met', text: t('distintivos.evidence.document', { question }) };
    if (e?.kind === 'training') return { status: 'met', text: t(e.verified ? 'distintivos.evidence.trainingVerified' : 'distintivos.evidence.training', { date: formatDate(e.heldOn, locale) }) };
    if (c.kind === 'noOpenChildLabour') return { status: 'met', text: t('distintivos.evidence.noChildLabour') };
    if (c.kind === 'remediation' && e?.kind === 'counts') return { status: 'met', text: t('distintivos.evidence.remediation', { open: e.openFindings, closed: e.closedPlans }) };
  }
  switch (o.reason) {
    case 'noAssessment': return { status: 'gap', text: t('distintivos.gap.noAssessment', { question }) };
    case 'notAnswered': return { status: 'gap', text: t('distintivos.gap.notAnswered', { question }) };
    case 'answer': return { status: 'gap', text: t('distintivos.gap.answer', { question, value: answerWords(o.value!, (c as { questionId: string }).questionId, template, t, locale) }) };
    case 'noFile': return { status: 'gap', text: t('distintivos.gap.noFile', { question }) };
    case 'noTraining': {
      const topics = c.kind === 'training' ? c.topics.map((x) => t(`training.topics.${x}`)).join('; ') : '';
      return { status: 'gap', text: t(c.kind === 'training' && c.verified ? 'distintivos.gap.noVerifiedTraining' : 'distintivos.gap.noTraining', { topics }) };
    }
    case 'unverifiedTraining': return { status: 'gap', text: t('distintivos.gap.unverifiedTraining', { date: e?.kind === 'training' ? e.heldOn : '' }) };
    case 'childLabour': return { status: 'gap', text: t('distintivos.gap.childLabour') };
    case 'noPlan': return { status: 'gap', text: t('distintivos.gap.noPlan') };
    default: return { status: 'gap', text: t(`distintivos.gap.external.${c.kind === 'external' ? c.key : 'other'}`) };
  }
}

export interface RequirementView {
  id: string;
  title: string;
  basis: string;
  sources: string;
  met: boolean;
  evidence: string[];
  gaps: string[];
  notApplicable: string[];
}

export function readinessView(r: Readiness, t: Translate, locale: string, template: QuestionnaireTemplate | undefined): RequirementView[] {
  return r.requirements.map((req) => {
    const lines = req.checks.map((c) => describeCheck(c, t, locale, template));
    return {
      id: req.requirement.id,
      title: t(`distintivos.requirements.${req.requirement.id}`),
      basis: t(`distintivos.basis.${req.requirement.basis}`),
      sources: req.requirement.sources.join(', '),
      met: req.status === 'met',
      evidence: lines.filter((l) => l.status === 'met').map((l) => l.text),
      gaps: lines.filter((l) => l.status === 'gap').map((l) => l.text),
      notApplicable: lines.filter((l) => l.status === 'na').map((l) => l.text),
    };
  });
}
