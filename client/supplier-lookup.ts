// Supplier picker: a text input with a datalist that this script fills from the server's
// supplier search as the user types (GET /suppliers/lookup?q=). Without this script the
// typed name or RFC is resolved by the server, so the form works either way.
//
//   <input data-supplier-lookup list="some-id"> <datalist id="some-id"></datalist>

interface Pick {
  label: string;
}

const DEBOUNCE_MS = 200;

function setup(input: HTMLInputElement): void {
  const list = input.list;
  if (!list) return;
  let timer: number | undefined;
  let request = 0;
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) return;
    timer = window.setTimeout(async () => {
      const mine = ++request;
      const res = await fetch(`/suppliers/lookup?q=${encodeURIComponent(text)}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (!res.ok || mine !== request) return;
      const body = (await res.json()) as { suppliers: Pick[] };
      list.replaceChildren(...body.suppliers.map((s) => Object.assign(document.createElement('option'), { value: s.label })));
    }, DEBOUNCE_MS);
  });
}

document.querySelectorAll<HTMLInputElement>('input[data-supplier-lookup]').forEach(setup);
