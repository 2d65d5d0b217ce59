import { expect } from 'chai';
import { hasKey, translator } from '../../server/i18n/index.ts';
import { auditActionLabel, auditTargetLabel } from '../../server/audit/audit.labels.ts';

describe('audit: actions and objects by name, never by code', () => {
  const es = translator('es-MX');
  const en = translator('en');
  const hasEs = (k: string) => hasKey('es-MX', k);
  const hasEn = (k: string) => hasKey('en', k);

  it('names known actions in each language', () => {
    expect(auditActionLabel(es, hasEs, 'report.downloaded')).to.equal('Informe · descargado');
    expect(auditActionLabel(en, hasEn, 'report.downloaded')).to.equal('Report · downloaded');
    expect(auditActionLabel(es, hasEs, 'remediation_action.verify')).to.equal('Acción de remediación · verificada');
    expect(auditActionLabel(es, hasEs, 'finding.viewed')).to.equal('Hallazgo · consultado');
    expect(auditTargetLabel(es, hasEs, 'child_case')).to.equal('Caso de niña o niño');
  });

  it('puts an action another feature adds later into words instead of showing its code', () => {
    const label = auditActionLabel(es, hasEs, 'training_log.entryArchivedTwice');
    expect(label).to.equal('Training log · Entry archived twice');
    expect(label).to.not.match(/[a-z]_[a-z]|\.[a-z]/);
  });
});
