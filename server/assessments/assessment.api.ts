import { z } from 'zod';
import type { AssessmentService } from './assessment.service.ts';
import type { EvidenceService } from './evidence.service.ts';
import { ASSESSMENT_STATUSES, type AssessmentRow } from './assessment.queries.ts';
import type { EvidenceRow } from './evidence.queries.ts';
import { sendEvidenceFile } from './evidence.routes.ts';
import { apiRouter, uuidParams, type ApiKit } from '../api/api.kit.ts';
import { pageQuery, pageOf, windowOf, nextPage } from '../api/api.pagination.ts';
import { problem } from '../api/openapi.ts';

const date = z.iso.datetime({ offset: true });
const day = z.iso.date();
const STATUS = z.enum(ASSESSMENT_STATUSES as [AssessmentRow['status'], ...AssessmentRow['status'][]]);

const assessmentOut = z.strictObject({
  id: z.uuid(), status: STATUS, supplier: z.strictObject({ id: z.uuid(), legalName: z.string() }),
  site: z.strictObject({ id: z.uuid(), name: z.string() }).nullable(),
  questionnaire: z.strictObject({ id: z.uuid(), key: z.string(), version: z.number().int(), title: z.string() }),
  language: z.enum(['es-MX', 'en']), contactEmail: z.string().nullable(), dueDate: day.nullable(), overdue: z.boolean(),
  sentAt: date.nullable(), startedAt: date.nullable(), submittedAt: date.nullable(), returnedAt: date.nullable(), reviewedAt: date.nullable(),
  reviewedBy: z.string().nullable(), controlsScore: z.number().nullable(), createdAt: date,
});

const evidenceOut = z.strictObject({
  id: z.uuid(), assessmentId: z.uuid(), questionId: z.string(), name: z.string(), mime: z.string(), size: z.number().int(), sha256: z.string(),
  uploadedAt: date, uploadedByPortal: z.boolean(), download: z.string(),
});

const answersOut = z.strictObject({
  assessmentId: z.uuid(), status: STATUS,
  answers: z.array(z.strictObject({ questionId: z.string(), answer: z.unknown(), reviewerComment: z.string().nullable() })),
  evaluation: z.strictObject({
    controlsScore: z.number(),
    redFlags: z.array(z.strictObject({ code: z.string(), severity: z.string(), questionId: z.string() })),
  }),
  evidence: z.array(evidenceOut),
});

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function assessmentJson(a: AssessmentRow & { overdue: boolean }, language: string) {
  return {
    id: a.id, status: a.status, supplier: { id: a.supplier_id, legalName: a.supplier_name },
    site: a.site_id ? { id: a.site_id, name: a.site_name ?? '' } : null,
    questionnaire: { id: a.template_id, key: a.template_key, version: a.template_version, title: language === 'en' ? a.template_title_en : a.template_title_es },
    language: a.language, contactEmail: a.contact_email, dueDate: a.due_date, overdue: a.overdue,
    sentAt: iso(a.sent_at), startedAt: iso(a.started_at), submittedAt: iso(a.submitted_at), returnedAt: iso(a.returned_at), reviewedAt: iso(a.reviewed_at),
    reviewedBy: a.reviewed_by_name, controlsScore: a.controls_score === null ? null : Number(a.controls_score), createdAt: iso(a.created_at),
  };
}

export function evidenceJson(e: EvidenceRow) {
  return {
    id: e.id, assessmentId: e.assessment_id, questionId: e.question_id, name: e.original_name, mime: e.mime, size: Number(e.size), sha256: e.sha256,
    uploadedAt: iso(e.uploaded_at), uploadedByPortal: e.uploaded_by_portal, download: `/api/v1/evidence/${e.id}/download`,
  };
}

const createBody = z.strictObject({
  supplierId: z.uuid(),
  siteId: z.uuid().optional(),
  templateId: z.uuid().optional().describe('Questionnaire version; omitted: the latest shipped one.'),
  dueDate: day,
  contactEmail: z.email().max(254),
  language: z.enum(['es-MX', 'en']),
  send: z.boolean().default(true).describe('false keeps it as a draft; true e-mails the supplier its portal link.'),
});

/** Assessments (create, send, read, review), their answers and evidence. */
export function assessmentApiRoutes(deps: { assessments: AssessmentService; evidence: EvidenceService }, kit: ApiKit) {
  const api = apiRouter(kit);
  const read = ['assessments', 'read'] as ['assessments', 'read'];
  const write = ['assessments', 'write'] as ['assessments', 'write'];
  const one = async (actor: Parameters<AssessmentService['detail']>[0], id: string, lang: string) =>
    assessmentJson((await deps.assessments.detail(actor, id)).assessment, lang);

  api.add({
    method: 'get', path: '/api/v1/assessments', operationId: 'listAssessments', tag: 'assessments', scope: read,
    query: z.object({ status: STATUS.optional(), overdue: z.enum(['true', 'false']).optional(), supplierId: z.uuid().optional(), ...pageQuery }),
    summary: 'Assessments with the filters of the assessments page (status, overdue, supplier), soonest due first.',
    responses: { 200: { description: 'A page of assessments.', schema: pageOf(assessmentOut) } },
  }, async ({ actor, query, req }) => {
    const filters = { status: query.status, overdue: query.overdue, supplierId: query.supplierId };
    const window = windowOf(query, filters);
    const data = await deps.assessments.list(actor, { status: query.status, overdue: query.overdue === 'true', supplierId: query.supplierId, page: 1, window: { limit: window.limit + 1, offset: window.offset } });
    const page = nextPage(data.rows, window, filters);
    return { status: 200, body: { data: page.data.map((a) => assessmentJson(a, req.locale)), nextCursor: page.nextCursor } };
  });

  api.add({
    method: 'get', path: '/api/v1/assessments/:id', operationId: 'getAssessment', tag: 'assessments', scope: read, params: uuidParams,
    summary: 'An assessment: supplier, questionnaire version, status and dates.',
    responses: { 200: { description: 'The assessment.', schema: assessmentOut } },
  }, async ({ actor, params, req }) => ({ status: 200, body: await one(actor, params.id, req.locale) }));

  api.add({
    method: 'post', path: '/api/v1/assessments', operationId: 'createAssessment', tag: 'assessments', scope: write, body: createBody,
    summary: 'Create an assessment of a supplier (or one of its sites) and, unless `send` is false, e-mail the portal link.',
    responses: { 201: { description: 'Created.', schema: assessmentOut } },
  }, async ({ actor, body, req }) => {
    const id = await deps.assessments.create(actor, {
      supplierId: body.supplierId, siteId: body.siteId ?? null, templateId: body.templateId ?? null, dueDate: body.dueDate,
      contactEmail: body.contactEmail, language: body.language, action: body.send ? 'send' : 'draft',
    });
    return { status: 201, body: await one(actor, id, req.locale) };
  });

  api.add({
    method: 'post', path: '/api/v1/assessments/:id/send', operationId: 'sendAssessment', tag: 'assessments', scope: write, params: uuidParams,
    body: z.strictObject({ dueDate: day.optional(), contactEmail: z.email().max(254).optional() }),
    summary: 'Send a draft, or re-issue the portal link of an open assessment (optionally with a new due date or contact).',
    responses: { 200: { description: 'Sent.', schema: assessmentOut }, 409: problem('Not in a state that can be sent.') },
  }, async ({ actor, params, body, req }) => {
    await deps.assessments.sendLink(actor, params.id, body);
    return { status: 200, body: await one(actor, params.id, req.locale) };
  });

  api.add({
    method: 'post', path: '/api/v1/assessments/:id/review', operationId: 'reviewAssessment', tag: 'assessments', scope: write, params: uuidParams,
    body: z.strictObject({
      decision: z.enum(['comment', 'return', 'review']).describe('`review` accepts it (scores and findings follow); `return` sends it back for correction.'),
      comments: z.record(z.string().max(100), z.string().max(4000)).default({}).describe('Reviewer comment per question id.'),
    }),
    summary: 'Review a submitted assessment: comment, return it to the supplier, or mark it reviewed.',
    responses: { 200: { description: 'The assessment after the decision.', schema: assessmentOut }, 409: problem('Not submitted (already reviewed, or still with the supplier).') },
  }, async ({ actor, params, body, req }) => {
    await deps.assessments.review(actor, params.id, body.decision, Object.fromEntries(Object.entries(body.comments).map(([k, v]) => [k, v.trim()])));
    return { status: 200, body: await one(actor, params.id, req.locale) };
  });

  api.add({
    method: 'get', path: '/api/v1/assessments/:id/answers', operationId: 'getAnswers', tag: 'answers', scope: read, params: uuidParams,
    summary: 'The supplier\'s answers, reviewer comments, the evaluation (controls score, red flags) and evidence files.',
    responses: { 200: { description: 'The answers.', schema: answersOut } },
  }, async ({ actor, params }) => {
    const d = await deps.assessments.detail(actor, params.id);
    const ids = [...new Set([...Object.keys(d.answers), ...d.comments.keys()])];
    return {
      status: 200,
      body: {
        assessmentId: d.assessment.id, status: d.assessment.status,
        answers: ids.map((questionId) => ({ questionId, answer: d.answers[questionId] ?? null, reviewerComment: d.comments.get(questionId) ?? null })),
        evaluation: {
          controlsScore: d.evaluation.controlsScore,
          redFlags: d.evaluation.redFlags.map((f) => ({ code: f.code, severity: String(f.severity), questionId: f.questionId })),
        },
        evidence: d.evidence.map(evidenceJson),
      },
    };
  });

  api.add({
    method: 'get', path: '/api/v1/evidence', operationId: 'listEvidence', tag: 'evidence', scope: ['evidence', 'read'], query: z.object({ ...pageQuery }),
    summary: 'Evidence files of all assessments (metadata only), newest first.',
    responses: { 200: { description: 'A page of evidence metadata.', schema: pageOf(evidenceOut) } },
  }, async ({ actor, query }) => {
    const window = windowOf(query, {});
    const data = await deps.evidence.list(actor, 1, { limit: window.limit + 1, offset: window.offset });
    const page = nextPage(data.rows, window, {});
    return { status: 200, body: { data: page.data.map(evidenceJson), nextCursor: page.nextCursor } };
  });

  api.add({
    method: 'get', path: '/api/v1/evidence/:id', operationId: 'getEvidence', tag: 'evidence', scope: ['evidence', 'read'], params: uuidParams,
    summary: 'An evidence file\'s metadata: name, type, size, SHA-256.',
    responses: { 200: { description: 'The metadata.', schema: evidenceOut } },
  }, async ({ actor, params }) => ({ status: 200, body: evidenceJson(await deps.evidence.get(actor, params.id)) }));

  api.add({
    method: 'get', path: '/api/v1/evidence/:id/download', operationId: 'downloadEvidence', tag: 'evidence', scope: ['evidence', 'read'], params: uuidParams,
    summary: 'The file itself (always an attachment, with a `Digest` header); every download is audit-logged.',
    responses: { 200: { description: 'The bytes.', contentType: 'application/octet-stream' } },
  }, async ({ actor, params, req, res }) => {
    await sendEvidenceFile(res, await deps.evidence.download(actor, params.id, req.ip));
  });

  return api.router;
}
