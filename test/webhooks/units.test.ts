import { expect } from 'chai';
import { signatureHeader, verifySignature, newWebhookSecret } from '../../server/webhooks/webhook.signature.ts';
import { checkTargetUrl, isPublicAddress, resolveTarget } from '../../server/webhooks/webhook.target.ts';
import { retryDelayMs } from '../../server/webhooks/webhook.service.ts';

describe('webhooks: signatures, targets and backoff', () => {
  const secret = newWebhookSecret();
  const body = '{"id":"1","type":"report.ready","data":{}}';

  it('signs over the timestamp and the raw body, and verifies in a replay window', () => {
    const now = Date.UTC(2026, 11, 4, 12);
    const header = signatureHeader(secret, body, now);
    expect(header).to.match(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, body, header, { now })).to.deep.equal({ ok: true });
    expect(verifySignature(secret, body + ' ', header, { now })).to.deep.equal({ ok: false, reason: 'mismatch' });
    expect(verifySignature(newWebhookSecret(), body, header, { now })).to.deep.equal({ ok: false, reason: 'mismatch' });
    expect(verifySignature(secret, body, header, { now: now + 301_000 })).to.deep.equal({ ok: false, reason: 'expired' });
    expect(verifySignature(secret, body, 't=abc,v1=zz', { now })).to.deep.equal({ ok: false, reason: 'malformed' });
    expect(verifySignature(secret, body, undefined, { now })).to.deep.equal({ ok: false, reason: 'malformed' });
  });

  it('knows loopback, private, link-local, reserved and mapped addresses from public ones', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '::ffff:127.0.0.1', 'not-an-ip']) {
      expect(isPublicAddress(a), a).to.equal(false);
    }
    for (const a of ['8.8.8.8', '200.57.7.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) expect(isPublicAddress(a), a).to.equal(true);
  });

  it('refuses private and non-https targets unless configuration allows them', async () => {
    expect(checkTargetUrl('https://erp.example.com/hook', false).ok).to.equal(true);
    expect(checkTargetUrl('http://erp.example.com/hook', false)).to.deep.equal({ ok: false, key: 'webhooks.errors.urlHttps' });
    expect(checkTargetUrl('https://169.254.169.254/latest', false)).to.deep.equal({ ok: false, key: 'webhooks.errors.urlPrivate' });
    expect(checkTargetUrl('https://[::1]/x', false)).to.deep.equal({ ok: false, key: 'webhooks.errors.urlPrivate' });
    expect(checkTargetUrl('https://localhost/x', false)).to.deep.equal({ ok: false, key: 'webhooks.errors.urlPrivate' });
    expect(checkTargetUrl('https://user:pw@erp.example.com/', false)).to.deep.equal({ ok: false, key: 'webhooks.errors.urlCredentials' });
    expect(checkTargetUrl('nonsense', false)).to.deep.equal({ ok: false, key: 'webhooks.errors.urlInvalid' });
    expect(checkTargetUrl('http://127.0.0.1:9/x', true).ok).to.equal(true);
    // After DNS: a public-looking name that resolves to loopback is refused.
    expect(await resolveTarget(new URL('https://localhost/x'), false)).to.deep.equal({ ok: false, key: 'webhooks.errors.urlPrivate' });
    expect(await resolveTarget(new URL('http://127.0.0.1/x'), true)).to.deep.include({ ok: true, address: '127.0.0.1' });
  });

  it('backs off exponentially, capped at six hours', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map(retryDelayMs)).to.deep.equal([30_000, 120_000, 480_000, 1_920_000, 7_680_000, 21_600_000, 21_600_000]);
  });
});
