import type { Queryable } from '../db/types.ts';
import type { Actor } from '../auth/actor.ts';
import type { DemoStep } from '../seed/demo.ts';
import { createFindingsFromRedFlags, type RaisedFlag } from './finding.service.ts';
import { insertFinding } from './finding.queries.ts';
import { insertAction, insertPlan, setActionStatus } from './plan.queries.ts';
import { insertService } from './directory.queries.ts';
import { assign, insertCase, setCaseStatus, setProtection } from './case.queries.ts';
import { insertFollowup, insertReferral } from './case-records.queries.ts';
import { localToday } from './action.workflow.ts';

const TAPACHULA = '07089';
const day = (offset: number) => new Date(Date.parse(`${localToday()}T00:00:00Z`) + offset * 86400_000).toISOString().slice(0, 10);

/**
 * Remediation demo: two findings at a Tapachula site, a plan with three actions (one
 * verified, one overdue, one open), the municipality's services (fictitious, labelled
 * demo) and two child cases referred to them; plus the findings the reviewed demo
 * assessment's red flags would have opened. Needs the supplier demo step's sites; runs
 * after the assessment step and does nothing without a demo site.
 */
export const remediationDemoStep: DemoStep = async (q, { companyId, ownerId }) => {
  // The owner connection bypasses RLS; app_org() still names the tenant for the shared queries.
  await q.query(`SELECT set_config('app.org_id', $1, true)`, [companyId]);
  const site = (await q.query<{ id: string; supplier_id: string }>(
    `SELECT id, supplier_id FROM sites WHERE organization_id = $1 AND status = 'active'
      ORDER BY (territory_code = $2) DESC, name LIMIT 1`,
    [companyId, TAPACHULA],
  )).rows[0];
  if (!site) return;
  const people = (await q.query<{ id: string; name: string; role: string; org_name: string }>(
    `SELECT u.id, u.name, m.role, o.name AS org_name FROM memberships m JOIN users u ON u.id = m.user_id
       JOIN organizations o ON o.id = m.organization_id WHERE m.organization_id = $1 ORDER BY u.name`,
    [companyId],
  )).rows;
  const owner = people.find((p) => p.id === ownerId)!;
  const analystId = people.find((p) => p.role === 'analyst')?.id ?? ownerId;
  const actor: Actor = {
    orgId: companyId, orgName: owner.org_name, orgKind: 'company', role: 'owner', via: 'membership',
    userId: ownerId, userName: owner.name, isPlatformAdmin: false,
  };

  const reviewed = (await q.query<{ id: string; red_flags: RaisedFlag[] | null }>(
    `SELECT id, red_flags FROM assessments WHERE organization_id = $1 AND status = 'reviewed' ORDER BY reviewed_at LIMIT 1`,
    [companyId],
  )).rows[0];
  if (reviewed?.red_flags?.length) await createFindingsFromRedFlags(q, actor, reviewed.id, reviewed.red_flags.filter((f) => f.questionId));

  const hazardous = (await insertFinding(q, {
    supplierId: site.supplier_id, siteId: site.id, source: 'field_report', assessmentId: null, questionId: null, redFlagCode: null,
    category: 'hazardous_under_18', severity: 'critical', title: 'Adolescentes cargando costales de café de más de 25 kg',
    description: 'Visita de campo durante la cosecha: dos adolescentes de 16 y 17 años cargaban costales al beneficio húmedo.', createdBy: analystId,
  }))!;
  await insertFinding(q, {
    supplierId: site.supplier_id, siteId: site.id, source: 'audit', assessmentId: null, questionId: null, redFlagCode: null,
    category: 'missing_controls', severity: 'high', title: 'Contratación por enganchador sin verificación de edad',
    description: 'La auditoría no encontró copias de CURP ni actas de nacimiento de la cuadrilla contratada por enganchador.', createdBy: ownerId,
  });
  await q.query(`UPDATE findings SET status = 'in_remediation' WHERE id = $1`, [hazardous]);

  const planId = await insertPlan(q, { findingId: hazardous, supplierId: site.supplier_id, title: 'Retiro de adolescentes de la carga y reasignación de tareas', createdBy: analystId });
  const verified = await insertAction(q, {
    planId, title: 'Retirar a las personas menores de 18 de la carga de costales', description: 'Reasignar a tareas permitidas, con horario reducido.',
    ownerKind: 'supplier', ownerUserId: null, ownerLabel: null, dueDate: day(-20), createdBy: analystId,
  });
  await setActionStatus(q, verified, 'done', analystId);
  await setActionStatus(q, verified, 'verified', ownerId, 'Verificado en visita: ninguna persona menor de 18 en la carga.');
  await q.query(`UPDATE remediation_actions SET completed_at = $2::date + time '12:00', verified_at = $3::date + time '12:00' WHERE id = $1`, [verified, day(-22), day(-21)]);
  await insertAction(q, {
    planId, title: 'Registro de personas adolescentes con certificado médico', description: null,
    ownerKind: 'company', ownerUserId: analystId, ownerLabel: null, dueDate: day(-7), createdBy: analystId,
  });
  await insertAction(q, {
    planId, title: 'Capacitar a supervisores sobre trabajos peligrosos prohibidos', description: null,
    ownerKind: 'supplier', ownerUserId: null, ownerLabel: null, dueDate: day(30), createdBy: analystId,
  });
  await q.query(`UPDATE remediation_actions SET owner_label = coalesce(owner_label, (SELECT coalesce(contact_name, legal_name) FROM suppliers WHERE id = $2)) WHERE plan_id = $1`, [planId, site.supplier_id]);

  const service = (kind: 'school' | 'dif' | 'health' | 'employment', name: string) => insertService(q, {
    territoryCode: TAPACHULA, kind, name, address: null, phone: null, notes: 'Dato de demostración: no es un servicio real.',
  });
  const school = await service('school', 'Escuela primaria del ejido (demo)');
  const dif = await service('dif', 'Sistema DIF municipal (ejemplo)');
  await service('health', 'Centro de salud comunitario (demo)');
  await service('employment', 'Oficina de empleo (ejemplo)');

  const siteTerritory = (await q.query<{ territory_code: string | null }>(`SELECT territory_code FROM sites WHERE id = $1`, [site.id])).rows[0];
  if (siteTerritory?.territory_code !== TAPACHULA) return;
  const boy = await insertCase(q, {
    siteId: site.id, findingId: null, age: 12, sex: 'male', indigenous: false, migrant: true, sensitiveConsentOn: day(-40), situation: 'under_minimum_age',
    notes: 'Acompaña a su familia en la cosecha; no asiste a la escuela.', identifiedOn: day(-40), createdBy: ownerId,
  });
  await assign(q, boy, ownerId, ownerId);
  await setProtection(q, boy, { protectionOn: day(-40), measure: 'Dejó la cosecha ese día; la familia acordó que no vuelva al campo.' });
  await insertReferral(q, { caseId: boy, target: { serviceId: school, outOfAreaReason: null }, referredOn: day(-38), createdBy: ownerId });
  await insertFollowup(q, { caseId: boy, visitDate: day(-10), notes: 'Inscrito; asiste regularmente.', schoolEnrolled: true, withdrawn: true, nextVisit: day(20), createdBy: ownerId });
  await setCaseStatus(q, boy, 'in_follow_up');
  const girl = await insertCase(q, {
    siteId: site.id, findingId: hazardous, age: 16, sex: 'female', indigenous: true, migrant: false, sensitiveConsentOn: day(-25), situation: 'hazardous_work',
    notes: null, identifiedOn: day(-25), createdBy: ownerId,
  });
  await assign(q, girl, ownerId, ownerId);
  await insertReferral(q, { caseId: girl, target: { serviceId: dif, outOfAreaReason: null }, referredOn: day(-24), createdBy: ownerId });
  await setCaseStatus(q, girl, 'referred');
};
