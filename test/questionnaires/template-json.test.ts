import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import {
  exportTemplate,
  parseTemplateJson,
  toFieldIssues,
} from '../../server/questionnaires/template.json.ts';
import { defaultTemplate, shippedTemplate } from '../../server/questionnaires/default-template.ts';
import { smallTemplate } from './small-template.ts';
import { expectTranslated } from './i18n-keys.ts';

describe('questionnaire template JSON export/import', () => {
  it('round-trips the small and the default template unchanged', () => {
    for (const template of [smallTemplate(), defaultTemplate(), shippedTemplate(2)]) {
      const result = parseTemplateJson(exportTemplate(template));
      expect(result.ok, template.key).to.equal(true);
      if (result.ok) expect(result.template).to.deep.equal(template);
    }
  });

  it('exports each shipped file byte for byte (they are kept in canonical form)', () => {
    const file = readFileSync(new URL('../../server/questionnaires/default-template.json', import.meta.url), 'utf8');
    expect(exportTemplate(defaultTemplate())).to.equal(file);
    const v2 = readFileSync(new URL('../../server/questionnaires/default-template-v2.json', import.meta.url), 'utf8');
    expect(exportTemplate(shippedTemplate(2))).to.equal(v2);
  });

  it('keeps accents and ñ as written in exported JSON', () => {
    const json = exportTemplate(defaultTemplate());
    expect(json).to.include('"es": "Verificación de edad en la contratación"');
    expect(json).to.include('niñas');
  });

  it('rejects text that is not JSON with a single located error', () => {
    const result = parseTemplateJson('{"key": "x", ');
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    expect(result.errors).to.have.length(1);
    expect(result.errors[0]).to.include({ path: '', key: 'questionnaires.errors.template.invalidJson' });
    expect(result.errors[0].params.message).to.be.a('string').and.not.equal('');
    expectTranslated([result.errors[0].key]);
  });

  it('lists every problem of imported JSON by path', () => {
    const broken: any = smallTemplate();
    broken.sections[0].questions[0].scoring.maxPoints = 0;
    broken.sections[1].questions[1].options[1].label = { es: 'Su palabra' };
    const result = parseTemplateJson(JSON.stringify(broken));
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.path, e.key])).to.deep.equal([
      ['sections[s1].questions[has_policy].scoring.maxPoints', 'questionnaires.errors.template.mustExceed'],
      ['sections[s2].questions[docs].options[word].label.en', 'questionnaires.errors.template.missingField'],
    ]);
    expect(toFieldIssues(result.errors)[1]).to.deep.equal({
      field: 'sections[s2].questions[docs].options[word].label.en',
      key: 'questionnaires.errors.template.missingField',
      params: { path: 'sections[s2].questions[docs].options[word].label.en', expected: 'string' },
    });
  });

  it('rejects a JSON value that is not an object', () => {
    const result = parseTemplateJson('[]');
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.errors[0]).to.include({ path: '', key: 'questionnaires.errors.template.invalidType' });
  });
});
