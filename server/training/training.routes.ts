import { createReadStream } from 'node:fs';
import { Router, type RequestHandler, type Request, type Response } from 'express';
import multer from 'multer';
import type { TrainingService } from './training.service.ts';
import type { ScoreService } from '../scores/score.service.ts';
import { rescoreAfterChange } from '../scores/rescore.trigger.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { can } from '../auth/policy.ts';
import { ValidationFailed } from '../errors.ts';
import { ACCEPT_ATTRIBUTE, EVIDENCE_MAX_BYTES } from '../assessments/evidence.sniff.ts';
import { parseFeatureForm } from './form.ts';
import { trainingSchema } from './training.schema.ts';
import { ATTENDANCE_ROLES, ATTENDANCE_SEXES, TRAINING_TOPICS } from './training.topics.ts';

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 5 } }).single('file');
const oneFile: RequestHandler = (req, res, next) => {
  upload(req, res, (err: unknown) => {
    if (err instanceof multer.MulterError) {
      return next(new ValidationFailed([{ field: 'file', key: 'training.errors.fileTooLarge', params: { field: 'file', max: EVIDENCE_MAX_BYTES / 1024 / 1024 } }]));
    }
    next(err as Error | undefined);
  });
};

const parse = (body: unknown) => parseFeatureForm(trainingSchema, body, 'training.errors.invalid');

export function trainingRoutes(deps: { training: TrainingService; scores?: ScoreService }): Router {
  const { training } = deps;
  const r = Router();
  const read = [requireActor, requirePermission('training.read')];
  const write = [requireActor, requirePermission('training.write')];

  async function renderForm(req: Request, res: Response, form: Record<string, unknown>, o: { id?: string; issues?: string[] } = {}) {
    const chosen = ([] as string[]).concat((form.topics as string[] | string | undefined) ?? []);
    res.render('training/form', {
      title: req.t(o.id ? 'training.editTitle' : 'training.newTitle'),
      action: o.id ? `/training/${o.id}` : '/training',
      scripts: ['/static/build/supplier-lookup.js'],
      form, issues: o.issues,
      topics: TRAINING_TOPICS.map((id) => ({ id, label: req.t(`training.topics.${id}`), checked: chosen.includes(id) })),
      counts: [...ATTENDANCE_SEXES, ...ATTENDANCE_ROLES].map((f) => ({ field: f, label: req.t(`training.fields.${f}`), value: form[f] ?? '' })),
    });
  }

  /**
   * The form's place is two type-ahead fields (supplier, site) holding typed text, resolved
   * here so they work without JavaScript; API clients may send supplierId and siteId instead.
   * Place errors are reported together with the other fields' errors.
   */
  async function parseBody(req: Request) {
    const body = { ...(req.body ?? {}) } as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    let placeIssues: ValidationFailed['issues'] = [];
    if (typeof body.supplier === 'string' || typeof body.site === 'string') {
      try {
        Object.assign(body, await training.resolvePlace(actorOf(req), text(body.supplier), text(body.site)));
      } catch (e) {
        if (!(e instanceof ValidationFailed)) throw e;
        placeIssues = e.issues;
      }
    }
    try {
      const input = parse(body);
      if (placeIssues.length) throw new ValidationFailed(placeIssues);
      return input;
    } catch (e) {
      if (e instanceof ValidationFailed && placeIssues.length && e.issues !== placeIssues) throw new ValidationFailed([...placeIssues, ...e.issues]);
      throw e;
    }
  }

  const issuesOf = (req: Request, e: ValidationFailed) => e.issues.map((i) => req.t(i.key, i.params));

  r.get('/training', ...read, async (req, res) => {
    const actor = actorOf(req);
    const [sessions, coverage] = await Promise.all([training.list(actor), training.coverage(actor)]);
    res.render('training/index', {
      title: req.t('training.title'), sessions, coverage, canWrite: can(actor, 'training.write'),
      sharePct: coverage.share === null ? null : Math.round(coverage.share * 100),
      shareVerifiedPct: coverage.shareVerified === null ? null : Math.round(coverage.shareVerified * 100),
    });
  });

  r.get('/training/new', ...write, async (req, res) => renderForm(req, res, { heldOn: new Date().toISOString().slice(0, 10) }));

  r.post('/training', ...write, async (req, res) => {
    try {
      const id = await training.create(actorOf(req), await parseBody(req));
      flash(req, 'success', 'training.created');
      res.redirect(`/training/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await renderForm(req, res, req.body ?? {}, { issues: issuesOf(req, e) });
    }
  });

  r.get('/training/:id', ...read, async (req, res) => {
    const actor = actorOf(req);
    const { session, materials } = await training.get(actor, uuidParam(req.params.id));
    res.render('training/show', {
      title: req.t('training.showTitle', { date: session.held_on }), session, materials, accept: ACCEPT_ATTRIBUTE,
      topics: session.topics.map((t) => req.t(`training.topics.${t}`)),
      counts: [...ATTENDANCE_SEXES, ...ATTENDANCE_ROLES].map((f) => ({
        label: req.t(`training.fields.${f}`),
        value: session[f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) as keyof typeof session],
      })),
      canWrite: can(actor, 'training.write'), canVerify: can(actor, 'training.verify') && !session.verified_at,
    });
  });

  r.get('/training/:id/edit', ...write, async (req, res) => {
    const id = uuidParam(req.params.id);
    const { session: s } = await training.get(actorOf(req), id);
    const place = await training.placeLabels(actorOf(req), s.supplier_id, s.site_id);
    await renderForm(req, res, {
      heldOn: s.held_on, supplier: place.supplier, site: place.site, topics: s.topics, facilitator: s.facilitator, notes: s.notes,
      attendeesWomen: s.attendees_women, attendeesMen: s.attendees_men, attendeesOther: s.attendees_other,
      managers: s.managers, supervisors: s.supervisors, workers: s.workers, recruiters: s.recruiters,
    }, { id });
  });

  r.post('/training/:id', ...write, async (req, res) => {
    const id = uuidParam(req.params.id);
    try {
      const { rescoreSupplierIds } = await training.update(actorOf(req), id, await parseBody(req));
      await rescoreAfterChange(deps.scores, req, { supplierIds: rescoreSupplierIds });
      flash(req, 'success', 'training.updated');
      res.redirect(`/training/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      await training.get(actorOf(req), id);
      res.status(422);
      await renderForm(req, res, req.body ?? {}, { id, issues: issuesOf(req, e) });
    }
  });

  r.post('/training/:id/delete', ...write, async (req, res) => {
    const { rescoreSupplierIds } = await training.remove(actorOf(req), uuidParam(req.params.id));
    await rescoreAfterChange(deps.scores, req, { supplierIds: rescoreSupplierIds });
    flash(req, 'success', 'training.deleted');
    res.redirect('/training');
  });

  r.post('/training/:id/materials', ...write, oneFile, async (req, res) => {
    const id = uuidParam(req.params.id);
    await training.addMaterial(actorOf(req), id, req.file);
    flash(req, 'success', 'training.materialAdded');
    res.redirect(`/training/${id}`);
  });

  // Always a download: the bytes come from users.
  r.get('/training/:id/materials/:materialId', ...read, async (req, res) => {
    const file = await training.material(actorOf(req), uuidParam(req.params.id), uuidParam(req.params.materialId));
    const stream = createReadStream(file.path);
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
    const ascii = file.name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    res.setHeader('Content-Type', file.mime);
    res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    stream.pipe(res);
  });

  r.post('/training/:id/verify', requireActor, requirePermission('training.verify'), async (req, res) => {
    const id = uuidParam(req.params.id);
    const { supplierId } = await training.verify(actorOf(req), id);
    // A verified session is score evidence for its supplier's sites (server/scoring/training-credit.ts).
    if (supplierId) await rescoreAfterChange(deps.scores, req, { supplierIds: [supplierId] });
    flash(req, 'success', 'training.verifiedDone');
    res.redirect(`/training/${id}`);
  });

  return r;
}
