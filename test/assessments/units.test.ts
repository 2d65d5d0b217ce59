import { expect } from 'chai';
import { sniffEvidence, cleanFileName, looksLikeText, EVIDENCE_MAX_BYTES } from '../../server/assessments/evidence.sniff.ts';
import { nextReminder } from '../../server/assessments/reminders.ts';
import { addDays, dayOf, daysBetween, isOverdue, portalExpiry } from '../../server/assessments/assessment.dates.ts';
import { questionnaireView } from '../../server/assessments/assessment.view.ts';
import { commentsFromForm } from '../../server/assessments/assessment.schema.ts';
import { evaluateAssessment } from '../../server/questionnaires/evaluate.ts';
import { initI18n, translator } from '../../server/i18n/index.ts';
import { smallTemplate } from '../questionnaires/small-template.ts';
import { PDF, EXE, PNG } from './helpers.ts';

describe('assessments: pure parts', () => {
  describe('sniffEvidence (content, not name)', () => {
    it('accepts PDF, PNG and text CSV whose extension agrees with the content', async () => {
      expect(await sniffEvidence(PDF, 'a.PDF')).to.deep.equal({ ok: true, mime: 'application/pdf', ext: 'pdf' });
      expect(await sniffEvidence(PNG, 'x.png')).to.deep.equal({ ok: true, mime: 'image/png', ext: 'png' });
      expect(await sniffEvidence(Buffer.from('a;b\r\n1;2\r\n'), 'x.csv')).to.deep.equal({ ok: true, mime: 'text/csv', ext: 'csv' });
    });

    it('refuses programs, unknown bytes, mismatches, empty and oversize files with a reason', async () => {
      expect(await sniffEvidence(EXE, 'policy.pdf')).to.deep.include({ ok: false, key: 'assessments.evidence.errors.typeNotAllowed' });
      expect(await sniffEvidence(PDF, 'policy.docx')).to.deep.include({ ok: false, key: 'assessments.evidence.errors.extensionMismatch' });
      expect(await sniffEvidence(Buffer.from([0, 1, 2, 3, 4, 5]), 'data.csv')).to.deep.include({ ok: false, key: 'assessments.evidence.errors.typeUnknown' });
      expect(await sniffEvidence(Buffer.from('a,b'), 'data.txt')).to.deep.include({ ok: false, key: 'assessments.evidence.errors.typeUnknown' });
      expect(await sniffEvidence(Buffer.alloc(0), 'x.pdf')).to.deep.include({ ok: false, key: 'assessments.evidence.errors.empty' });
      expect(await sniffEvidence(Buffer.concat([PDF, Buffer.alloc(EVIDENCE_MAX_BYTES)]), 'x.pdf')).to.deep.include({ ok: false, key: 'assessments.evidence.errors.tooLarge' });
    });

    it('cleans names and tells text from binary', () => {
      expect(cleanFileName('C:\\Users\\ana\\política "final".pdf')).to.equal('política final.pdf');
      expect(cleanFileName('../../etc/passwd')).to.equal('passwd');
      expect(cleanFileName('..')).to.equal('evidence');
      expect(looksLikeText(Buffer.from('Año,Edad\n2024,16\n', 'utf8'))).to.equal(true);
      expect(looksLikeText(Buffer.from([0x61, 0x00, 0x62]))).to.equal(false);
    });
  });

  describe('reminder schedule', () => {
    const due = '2026-03-10';
    it('one advance reminder within 3 days of the due date', () => {
      expect(nextReminder(due, '2026-03-06', [])).to.equal(null);
      expect(nextReminder(due, '2026-03-07', [])).to.deep.equal({ kind: 'before_due', seq: 1, days: 3 });
      expect(nextReminder(due, '2026-03-10', [])).to.deep.equal({ kind: 'before_due', seq: 1, days: 0 });
      expect(nextReminder(due, '2026-03-09', [{ kind: 'before_due', seq: 1, day: '2026-03-08' }])).to.equal(null);
    });
    it('overdue: at once, then every 7 days from the last one, at most 3, never a backlog', () => {
      expect(nextReminder(due, '2026-03-11', [])).to.deep.equal({ kind: 'overdue', seq: 1, days: 1 });
      // First seen 30 days late: one reminder, not three.
      expect(nextReminder(due, '2026-04-09', [])).to.deep.equal({ kind: 'overdue', seq: 1, days: 30 });
      const one = [{ kind: 'overdue' as const, seq: 1, day: '2026-03-11' }];
      expect(nextReminder(due, '2026-03-17', one)).to.equal(null);
      expect(nextReminder(due, '2026-03-18', one)).to.deep.equal({ kind: 'overdue', seq: 2, days: 8 });
      const three = [...one, { kind: 'overdue' as const, seq: 2, day: '2026-03-18' }, { kind: 'overdue' as const, seq: 3, day: '2026-03-25' }];
      expect(nextReminder(due, '2026-06-01', three)).to.equal(null);
    });
  });

  describe('dates in Mexico City', () => {
    it('computes calendar days, overdue and link expiry', () => {
      // 03:00 UTC on 1 March is still 28 February in Mexico City (UTC-6).
      expect(dayOf(new Date('2026-03-01T03:00:00Z'))).to.equal('2026-02-28');
      expect(daysBetween('2026-02-27', '2026-03-02')).to.equal(3);
      expect(addDays('2026-12-30', 3)).to.equal('2027-01-02');
      expect(isOverdue('2026-03-01', 'in_progress', '2026-03-02')).to.equal(true);
      expect(isOverdue('2026-03-01', 'submitted', '2026-03-02')).to.equal(false);
      expect(isOverdue('2026-03-02', 'sent', '2026-03-02')).to.equal(false);
      // End of 31 March in Mexico City + 30 days = 1 May 06:00 UTC.
      expect(portalExpiry('2026-03-31', '2026-03-01').toISOString()).to.equal('2026-05-01T06:00:00.000Z');
      // A due date already past counts from today.
      expect(portalExpiry('2026-01-01', '2026-03-01').toISOString()).to.equal('2026-04-01T06:00:00.000Z');
    });
  });

  describe('questionnaireView', () => {
    before(() => initI18n());
    it('localises text, marks hidden follow-ups, keeps choices, and attaches flags and points', () => {
      const template = smallTemplate();
      const answers = { has_policy: false, youngest_age: 14, checks_age: true, docs: 'word' };
      const t = translator('en');
      const sections = questionnaireView({ template, answers, locale: 'en', t, evaluation: evaluateAssessment(template, answers) });
      const q = Object.fromEntries(sections.flatMap((s) => s.questions).map((x) => [x.id, x]));
      expect(sections.map((s) => s.title)).to.deep.equal(['Policy', 'Age']);
      expect(q.has_policy).to.include({ ordinal: '1.1', text: 'Has a policy?', yes: false, no: true, visible: true, display: 'No' });
      expect(q.policy_channels.visible).to.equal(false);
      expect(JSON.parse(q.policy_channels.showIf!)).to.deep.equal({ questionId: 'has_policy', equals: true, type: 'yes_no' });
      expect(q.docs.options.map((o) => [o.value, o.checked])).to.deep.equal([['curp', false], ['word', true]]);
      expect(q.docs.display).to.equal('Their word');
      expect(q.docs.flags).to.deep.equal([{ code: 'self_declared_age', severity: 'high', label: 'self_declared_age' }]);
      expect(q.youngest_age.flags.map((f) => f.code)).to.deep.equal(['under15']);
      expect(q.youngest_age.value).to.equal('14');
      expect(q.checks_age.points).to.deep.equal({ earned: 3, max: 3 });
      expect(q.docs.points).to.deep.equal({ earned: 0, max: 2 });
      expect(q.why_word.visible).to.equal(true);
      expect(q.youngest_age.step).to.equal('1');
    });
  });

  it('reads reviewer comments from comment_<question> fields only', () => {
    expect(commentsFromForm({ comment_a: ' falta evidencia ', comment_b: '', decision: 'return', other: 'x' })).to.deep.equal({ a: 'falta evidencia', b: '' });
  });
});
