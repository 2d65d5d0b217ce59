import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

export interface PostResult {
  status: number | null;
  /** Network failure or timeout, when no status came back. */
  error: string | null;
}

/**
 * POSTs the body to the URL, connecting to `address` (already checked public) whatever DNS
 * would answer now; TLS still verifies the certificate against the URL's host name. Only
 * the status is kept: the receiver's answer is not ours to store.
 */
export function postWebhook(url: URL, address: { address: string; family: 4 | 6 }, body: string, headers: Record<string, string>, timeoutMs = 10_000): Promise<PostResult> {
  const pinned: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all) (cb as any)(null, [{ address: address.address, family: address.family }]);
    else cb(null, address.address, address.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup: pinned,
        timeout: timeoutMs,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'Vigia-Webhooks/1', ...headers },
      },
      (res) => {
        res.resume(); // drain without keeping it
        res.on('end', () => resolve({ status: res.statusCode ?? null, error: null }));
        res.on('error', () => resolve({ status: res.statusCode ?? null, error: null }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ status: null, error: err.message.slice(0, 200) }));
    req.end(body);
  });
}
