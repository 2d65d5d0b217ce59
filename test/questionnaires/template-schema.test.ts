import { expect } from 'chai';
import { validateTemplate, type TemplateIssue } from '../../server/questionnaires/template.json.ts';
import { smallTemplate } from './small-template.ts';
import { expectTranslated } from './i18n-keys.ts';

/** A deep-cloned small template, modified by `edit`, then validated; returns its issues. */
const producedKeys = new Set<string>();

function issuesAfter(edit: (t: any) => void): TemplateIssue[] {
  const t: any = structuredClone(smallTemplate());
  edit(t);
  const result = validateTemplate(t);
  expect(result.ok, 'template should be rejected').to.equal(false);
  const errors = result.ok ? [] : result.errors;
  errors.forEach((e) => producedKeys.add(e.key));
  return errors;
}

const find = (issues: TemplateIssue[], path: string) => issues.find((i) => i.path === path);

describe('questionnaire template schema', () => {
  after(() => expectTranslated(producedKeys));

  it('accepts the small test template unchanged', () => {
    const result = validateTemplate(smallTemplate());
    expect(result.ok).to.equal(true);
  });

  it('names a missing translation by section id, question id and field', () => {
    const issues = issuesAfter((t) => delete t.sections[0].questions[0].text.en);
    expect(issues).to.have.length(1);
    expect(issues[0].path).to.equal('sections[s1].questions[has_policy].text.en');
    expect(issues[0].key).to.equal('questionnaires.errors.template.missingField');
    expect(issues[0].sectionId).to.equal('s1');
    expect(issues[0].questionId).to.equal('has_policy');
    expect(issues[0].params.path).to.equal('sections[s1].questions[has_policy].text.en');
  });

  it('names an unknown (misspelt) field in the path', () => {
    const issues = issuesAfter((t) => { t.sections[1].questions[0].requried = true; });
    const issue = find(issues, 'sections[s2].questions[checks_age].requried');
    expect(issue?.key).to.equal('questionnaires.errors.template.unknownField');
  });

  it('names options by their value and falls back to the index when an id is missing', () => {
    const issues = issuesAfter((t) => {
      t.sections[0].questions[1].options[2].label.es = '  ';
      delete t.sections[1].id;
    });
    expect(issues.map((i) => i.path)).to.include.members([
      'sections[s1].questions[policy_channels].options[c].label.es',
      'sections[1].id',
    ]);
  });

  it('rejects an unknown question type and a non-integer version', () => {
    const issues = issuesAfter((t) => {
      t.sections[0].questions[2].type = 'slider';
      t.version = 1.5;
    });
    expect(find(issues, 'sections[s1].questions[workers_count].type')?.key).to.equal('questionnaires.errors.template.invalidValue');
    expect(find(issues, 'version')?.key).to.equal('questionnaires.errors.template.invalidType');
  });

  it('rejects ids that are not snake_case', () => {
    const issues = issuesAfter((t) => { t.sections[0].questions[0].id = 'Has Policy'; });
    expect(issues.some((i) => i.path.endsWith('.id') && i.key === 'questionnaires.errors.template.invalidFormat')).to.equal(true);
  });

  it('rejects duplicate question ids across sections, naming the second one', () => {
    const issues = issuesAfter((t) => { t.sections[1].questions[3].id = 'has_policy'; });
    const issue = find(issues, 'sections[s2].questions[has_policy].id');
    expect(issue?.key).to.equal('questionnaires.errors.template.duplicateQuestionId');
    expect(issue?.params.id).to.equal('has_policy');
  });

  it('rejects duplicate section ids and duplicate option values', () => {
    const issues = issuesAfter((t) => {
      t.sections[1].id = 's1';
      t.sections[0].questions[1].options[1].value = 'a';
    });
    expect(issues.map((i) => i.key)).to.include.members([
      'questionnaires.errors.template.duplicateSectionId',
      'questionnaires.errors.template.duplicateOptionValue',
    ]);
  });

  it('rejects showIf pointing at a later question, at itself, or at nothing', () => {
    const issues = issuesAfter((t) => {
      t.sections[0].questions[0].showIf = { questionId: 'checks_age', equals: true }; // later
      t.sections[0].questions[2].showIf = { questionId: 'workers_count', gt: 3 }; // itself
      t.sections[0].questions[3].showIf = { questionId: 'ghost', equals: true };
    });
    for (const q of ['has_policy', 'workers_count', 'youngest_age']) {
      expect(find(issues, `sections[s1].questions[${q}].showIf.questionId`)?.key, q)
        .to.equal('questionnaires.errors.template.conditionUnknownQuestion');
    }
  });

  it('checks condition values against the controlling question', () => {
    const issues = issuesAfter((t) => {
      t.sections[0].questions[1].showIf = { questionId: 'has_policy', equals: 'yes' }; // needs a boolean
      t.sections[1].questions[1].showIf = { questionId: 'checks_age', gt: 1 }; // no ordering on yes/no
      t.sections[1].questions[6].showIf = { questionId: 'docs', in: ['curp', 'passport'] }; // no such option
    });
    expect(find(issues, 'sections[s1].questions[policy_channels].showIf.equals')?.key)
      .to.equal('questionnaires.errors.template.conditionValueType');
    expect(find(issues, 'sections[s2].questions[docs].showIf.gt')?.key)
      .to.equal('questionnaires.errors.template.conditionOperatorNotAllowed');
    const option = find(issues, 'sections[s2].questions[why_word].showIf.in[1]');
    expect(option?.key).to.equal('questionnaires.errors.template.conditionUnknownOption');
    expect(option?.params.value).to.equal('passport');
  });

  it('requires exactly one operator in a condition', () => {
    const issues = issuesAfter((t) => {
      t.sections[1].questions[0].redFlags[0].when = { equals: false, notEquals: true };
    });
    const issue = find(issues, 'sections[s2].questions[checks_age].redFlags[0].when');
    expect(issue?.key).to.equal('questionnaires.errors.template.conditionOperatorCount');
    expect(issue?.params.found).to.equal(2);
  });

  it('checks red-flag conditions against the question they belong to', () => {
    const issues = issuesAfter((t) => { t.sections[0].questions[3].redFlags[0].when = { lt: '15' }; });
    expect(find(issues, 'sections[s1].questions[youngest_age].redFlags[0].when.lt')?.key)
      .to.equal('questionnaires.errors.template.conditionValueType');
  });

  it('requires options on choice questions and forbids them elsewhere', () => {
    const issues = issuesAfter((t) => {
      delete t.sections[1].questions[1].options;
      delete t.sections[1].questions[1].scoring;
      t.sections[0].questions[0].options = [{ value: 'x', label: { es: 'x', en: 'x' } }, { value: 'y', label: { es: 'y', en: 'y' } }];
    });
    expect(find(issues, 'sections[s2].questions[docs].options')?.key).to.equal('questionnaires.errors.template.optionsRequired');
    expect(find(issues, 'sections[s1].questions[has_policy].options')?.key).to.equal('questionnaires.errors.template.fieldNotAllowedForType');
  });

  it('forbids fields that do not belong to the question type', () => {
    const issues = issuesAfter((t) => {
      t.sections[0].questions[0].min = 1; // yes_no
      t.sections[0].questions[2].maxLength = 5; // number
      t.sections[1].questions[1].options[0].exclusive = true; // single choice
      t.sections[1].questions[0].scoring.thresholds = [{ points: 1 }]; // yes_no
    });
    expect(issues.map((i) => i.path)).to.have.members([
      'sections[s1].questions[has_policy].min',
      'sections[s1].questions[workers_count].maxLength',
      'sections[s2].questions[docs].options[curp].exclusive',
      'sections[s2].questions[checks_age].scoring.thresholds',
    ]);
    expect(issues.every((i) => i.key === 'questionnaires.errors.template.fieldNotAllowedForType')).to.equal(true);
  });

  it('rejects min above max on numbers and thresholds', () => {
    const issues = issuesAfter((t) => {
      t.sections[0].questions[2].min = 10;
      t.sections[0].questions[2].max = 5;
      t.sections[0].questions[4].scoring.thresholds[1] = { min: 70, max: 60, points: 1 };
    });
    expect(find(issues, 'sections[s1].questions[workers_count].min')?.key).to.equal('questionnaires.errors.template.minAboveMax');
    expect(find(issues, 'sections[s1].questions[trained_pct].scoring.thresholds[1].min')?.key)
      .to.equal('questionnaires.errors.template.minAboveMax');
  });

  it('rejects points above maxPoints and a maxPoints no answer can reach', () => {
    const issues = issuesAfter((t) => {
      t.sections[0].questions[0].scoring.yesPoints = 5; // max 2
      t.sections[1].questions[1].scoring.maxPoints = 4; // best option scores 2
    });
    const over = find(issues, 'sections[s1].questions[has_policy].scoring.yesPoints');
    expect(over?.key).to.equal('questionnaires.errors.template.pointsExceedMax');
    expect(over?.params).to.include({ points: 5, maxPoints: 2 });
    const unreachable = find(issues, 'sections[s2].questions[docs].scoring.maxPoints');
    expect(unreachable?.key).to.equal('questionnaires.errors.template.maxPointsUnreachable');
    expect(unreachable?.params).to.include({ maxPoints: 4, achievable: 2 });
  });

  it('requires the points field each scored type uses', () => {
    const issues = issuesAfter((t) => {
      t.sections[1].questions[4].scoring = { control: 'age_verification', maxPoints: 1 }; // file without answeredPoints
    });
    expect(find(issues, 'sections[s2].questions[evidence].scoring.answeredPoints')?.key)
      .to.equal('questionnaires.errors.template.scoringPointsMissing');
  });

  it('rejects an option score on an unscored question', () => {
    const issues = issuesAfter((t) => { delete t.sections[1].questions[1].scoring; });
    expect(find(issues, 'sections[s2].questions[docs].options[curp].score')?.key)
      .to.equal('questionnaires.errors.template.optionScoreWithoutScoring');
  });

  it('accepts a multiple-choice maximum reached only by combining options', () => {
    // a(1) + b(1) + c(2) = 4 ≥ 3: reachable although no single option scores 3.
    expect(validateTemplate(smallTemplate()).ok).to.equal(true);
    const issues = issuesAfter((t) => { t.sections[0].questions[1].scoring.maxPoints = 5; });
    expect(find(issues, 'sections[s1].questions[policy_channels].scoring.maxPoints')?.params.achievable).to.equal(4);
  });

  it('keeps "don\'t know" options from earning points or escaping the red flag of the question', () => {
    // docs (s2, question 1) raises self_declared_age on "word"; a don't-know must raise one too.
    const scored = issuesAfter((t) => { t.sections[1].questions[1].options.push({ value: 'unknown', label: { es: 'No sé', en: 'Do not know' }, score: 1, unknown: true, redFlag: { code: 'self_declared_age', severity: 'high' } }); });
    expect(find(scored, 'sections[s2].questions[docs].options[unknown].score')?.key).to.equal('questionnaires.errors.template.unknownOptionScored');
    const unflagged = issuesAfter((t) => { t.sections[1].questions[1].options.push({ value: 'unknown', label: { es: 'No sé', en: 'Do not know' }, score: 0, unknown: true }); });
    expect(find(unflagged, 'sections[s2].questions[docs].options[unknown]')).to.include({ key: 'questionnaires.errors.template.unknownOptionWithoutRedFlag' });
    expect(find(unflagged, 'sections[s2].questions[docs].options[unknown]')!.params.value).to.equal('unknown');
    const flagged: any = structuredClone(smallTemplate());
    flagged.sections[1].questions[1].options.push({ value: 'unknown', label: { es: 'No sé', en: 'Do not know' }, score: 0, unknown: true, redFlag: { code: 'self_declared_age', severity: 'high' } });
    expect(validateTemplate(flagged).ok).to.equal(true);
  });

  it('allows countWhenHidden only on a question with a condition', () => {
    const issues = issuesAfter((t) => { t.sections[0].questions[0].scoring.countWhenHidden = true; });
    expect(find(issues, 'sections[s1].questions[has_policy].scoring.countWhenHidden')?.key).to.equal('questionnaires.errors.template.countWhenHiddenWithoutCondition');
  });

  it('reports several problems at once', () => {
    const issues = issuesAfter((t) => {
      t.title = { es: 'Solo español' };
      t.sections[0].questions[0].type = 'nope';
      t.sections[1].questions = [];
    });
    expect(issues.map((i) => i.path)).to.include.members([
      'title.en',
      'sections[s1].questions[has_policy].type',
      'sections[s2].questions',
    ]);
  });
});
