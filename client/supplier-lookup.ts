// Supplier and site pickers: a text input with a datalist that this script fills from the
// server's search as the user types (GET /suppliers/lookup?q= or /sites/lookup?q=). Without
// this script the typed text is resolved by the server, so the form works either way.
//
//   <input data-supplier-lookup list="some-id"> <datalist id="some-id"></datalist>
//   <input data-site-lookup="#supplier-input-id" list="other-id"> <datalist id="other-id"></datalist>
//
// A site picker may name the supplier field beside it (a selector as the attribute's value):
// its text then narrows the sites to that supplier's.

interface Pick {
  label: string;
}

const DEBOUNCE_MS = 200;

function setup(input: HTMLInputElement, kind: 'suppliers' | 'sites'): void {
  const list = input.list;
  if (!list) return;
  const scope = kind === 'sites' && input.dataset.siteLookup ? document.querySelector<HTMLInputElement>(input.dataset.siteLookup) : null;
  let timer: number | undefined;
  let request = 0;
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) return;
    timer = window.setTimeout(async () => {
      const mine = ++request;
      const params = new URLSearchParams({ q: text });
      if (scope?.value.trim()) params.set('supplier', scope.value.trim());
      const res = await fetch(`/${kind}/lookup?${params}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (!res.ok || mine !== request) return;
      const body = (await res.json()) as Record<typeof kind, Pick[]>;
      list.replaceChildren(...body[kind].map((s) => Object.assign(document.createElement('option'), { value: s.label })));
    }, DEBOUNCE_MS);
  });
}

document.querySelectorAll<HTMLInputElement>('input[data-supplier-lookup]').forEach((i) => setup(i, 'suppliers'));
document.querySelectorAll<HTMLInputElement>('input[data-site-lookup]').forEach((i) => setup(i, 'sites'));
