import * as OTPAuth from 'otpauth';
import { expect } from 'chai';
import type { Browser } from './app.ts';

/** The current TOTP code for a base32 key, `steps` periods of 30 s away (the server accepts ±1). */
export function totpCode(secret: string, steps = 0): string {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  return totp.generate({ timestamp: Date.now() + steps * 30_000 });
}

/**
 * Enrols the signed-in user of `b` in two-factor sign-in through the real pages (as
 * platform administrators must at their first sign-in); returns the key and recovery codes.
 */
export async function enrolTwoFactor(b: Browser): Promise<{ secret: string; recoveryCodes: string[] }> {
  const page = await b.get('/account/two-factor');
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec(page.text)?.[1];
  expect(secret, 'the enrolment page shows the key').to.be.a('string');
  const done = await b.post('/account/two-factor/confirm', { code: totpCode(secret!) });
  expect(done.status).to.equal(200);
  const recoveryCodes = [...done.text.matchAll(/<li><code>([a-z2-9-]+)<\/code><\/li>/g)].map((m) => m[1]);
  return { secret: secret!, recoveryCodes };
}
