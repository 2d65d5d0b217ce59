// Flags for a quiet, sandbox-less headless Chromium in containers and CI: no GPU, and no
// background traffic (updates, sync) that would slow a render or reach the network.
// Shared by the PDF renderer and the browser-test helper, so both run the same browser.
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
