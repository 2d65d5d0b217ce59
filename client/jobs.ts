// Polls a job's JSON until it finishes, then reloads so the server renders the outcome.
const el = document.querySelector<HTMLElement>('[data-job-url]');
if (el && !['succeeded', 'failed'].includes(el.dataset.status ?? '')) {
  const url = el.dataset.jobUrl!;
  const bar = el.querySelector<HTMLProgressElement>('[data-job-progress]');
  const count = el.querySelector<HTMLElement>('[data-job-count]');
  const status = el.querySelector<HTMLElement>('[data-job-status]');
  const poll = async () => {
    try {
      const res = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      const job = await res.json();
      if (bar) bar.value = job.percent;
      if (count) count.textContent = job.total ? `${job.done} / ${job.total}` : String(job.done);
      if (status) status.textContent = job.statusLabel;
      if (job.finished) return window.location.reload();
    } catch {
      /* transient: try again */
    }
    setTimeout(poll, 700);
  };
  setTimeout(poll, 300);
}
