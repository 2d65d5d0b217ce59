// Supplier portal: shows and hides follow-up questions as answers change. The server
// applies the same conditions (visibleQuestions) when it renders and validates, so the
// form still works without this script — follow-ups then appear after saving.
import { matchesCondition, type AnswerValue } from '../server/questionnaires/conditions.ts';

interface ShowIf {
  questionId: string;
  type?: string;
  [op: string]: unknown;
}

const form = document.querySelector<HTMLFormElement>('#portal-form');

function valueOf(container: HTMLElement): AnswerValue | undefined {
  const type = container.dataset.type;
  const inputs = Array.from(container.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'))
    .filter((i) => i.name === container.dataset.question);
  const checked = inputs.filter((i) => (i instanceof HTMLInputElement && (i.type === 'radio' || i.type === 'checkbox') ? i.checked : true));
  const values = checked.map((i) => i.value.trim()).filter((v) => v !== '');
  if (values.length === 0) return undefined;
  switch (type) {
    case 'yes_no':
      return values[0] === 'yes' ? true : values[0] === 'no' ? false : undefined;
    case 'number': {
      const n = Number(values[0]);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'multiple_choice':
    case 'file':
      return values;
    default:
      return values[0];
  }
}

function refresh(): void {
  if (!form) return;
  const questions = Array.from(form.querySelectorAll<HTMLElement>('[data-question]'));
  const visible = new Map<string, boolean>();
  // Template order: a follow-up's controlling question always comes earlier.
  for (const q of questions) {
    const raw = q.dataset.showIf;
    let show = true;
    if (raw) {
      const cond = JSON.parse(raw) as ShowIf;
      const parent = form.querySelector<HTMLElement>(`[data-question="${cond.questionId}"]`);
      const { questionId, type, ...condition } = cond;
      show = Boolean(parent && visible.get(questionId) && matchesCondition(condition as never, valueOf(parent)));
    }
    visible.set(q.dataset.question!, show);
    q.hidden = !show;
  }
  // Same numbering as the server (assessment.view.ts): visible questions only, sections
  // without any visible question hidden and not counted.
  let section = 0;
  for (const fieldset of Array.from(form.querySelectorAll<HTMLElement>('[data-section]'))) {
    const shown = Array.from(fieldset.querySelectorAll<HTMLElement>('[data-question]')).filter((q) => !q.hidden);
    fieldset.hidden = shown.length === 0;
    if (shown.length) section++;
    shown.forEach((q, i) => {
      const number = q.querySelector('.question-number');
      if (number) number.textContent = `${section}.${i + 1}`;
    });
  }
}

if (form) {
  form.addEventListener('change', refresh);
  form.addEventListener('input', refresh);
  refresh();
}
