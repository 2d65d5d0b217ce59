// Territory picker: a text input that asks the server's territory search as the user types
// and, when a candidate is chosen, fills a hidden field with its INEGI code. The server
// renders every word; this file holds none.
//
//   <div data-territory-picker data-search-url="/territories/search" [data-levels="municipality"]
//        data-label-none="…">
//     <input data-picker-input> <input type="hidden" data-picker-code> <ul data-picker-list hidden></ul>
//   </div>

interface Candidate {
  code: string;
  level: 'state' | 'municipality';
  label: string;
}

const DEBOUNCE_MS = 180;

function setup(root: HTMLElement): void {
  const input = root.querySelector<HTMLInputElement>('[data-picker-input]');
  const code = root.querySelector<HTMLInputElement>('[data-picker-code]');
  const list = root.querySelector<HTMLUListElement>('[data-picker-list]');
  const url = root.dataset.searchUrl;
  if (!input || !code || !list || !url) return;
  const levels = root.dataset.levels?.split(',');
  let timer: number | undefined;
  let active = -1;
  let request = 0;
  let candidates: Candidate[] = [];

  const close = () => {
    list.hidden = true;
    active = -1;
    input.setAttribute('aria-expanded', 'false');
  };

  const choose = (c: Candidate) => {
    input.value = c.label;
    code.value = c.code;
    root.dataset.chosen = c.code;
    close();
    input.dispatchEvent(new CustomEvent('territory:chosen', { bubbles: true, detail: c }));
  };

  const highlight = (i: number) => {
    const items = Array.from(list.querySelectorAll<HTMLLIElement>('li[data-code]'));
    if (items.length === 0) return;
    active = (i + items.length) % items.length;
    items.forEach((li, n) => li.setAttribute('aria-selected', String(n === active)));
    input.setAttribute('aria-activedescendant', items[active].id);
  };

  const show = (found: Candidate[]) => {
    candidates = levels ? found.filter((c) => levels.includes(c.level)) : found;
    list.replaceChildren();
    candidates.forEach((c, i) => {
      const li = document.createElement('li');
      li.id = `${input.id || 'picker'}-option-${i}`;
      li.setAttribute('role', 'option');
      li.dataset.code = c.code;
      li.textContent = `${c.label} (${c.code})`;
      // mousedown, not click: it fires before the input's blur hides the list.
      li.addEventListener('mousedown', (e) => {
        e.preventDefault();
        choose(c);
      });
      list.appendChild(li);
    });
    if (candidates.length === 0 && root.dataset.labelNone) {
      const li = document.createElement('li');
      li.className = 'picker-none';
      li.textContent = root.dataset.labelNone;
      list.appendChild(li);
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  };

  const search = async (text: string) => {
    const mine = ++request;
    const res = await fetch(`${url}?q=${encodeURIComponent(text)}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!res.ok || mine !== request) return;
    const body = (await res.json()) as { candidates: Candidate[] };
    if (mine === request && document.activeElement === input) show(body.candidates);
  };

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-expanded', 'false');
  input.addEventListener('input', () => {
    // A typed change voids the previous choice; the server resolves typed text it receives.
    code.value = '';
    delete root.dataset.chosen;
    window.clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) return close();
    timer = window.setTimeout(() => void search(text).catch(() => close()), DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (e) => {
    if (list.hidden) return;
    if (e.key === 'ArrowDown') highlight(active + 1);
    else if (e.key === 'ArrowUp') highlight(active - 1);
    else if (e.key === 'Escape') close();
    else if (e.key === 'Enter' && active >= 0 && candidates[active]) choose(candidates[active]);
    else return;
    e.preventDefault();
  });
  input.addEventListener('blur', () => window.setTimeout(close, 150));
}

document.querySelectorAll<HTMLElement>('[data-territory-picker]').forEach(setup);
