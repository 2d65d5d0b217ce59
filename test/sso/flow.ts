import { expect } from 'chai';
import supertest from 'supertest';
import type { Browser } from '../support/app.ts';
import type { TestIdp } from '../support/oidc-provider.ts';

const VIGIA = 'http://vigia.test';

/** Vigía's start form, then the link to the organisation's provider: answers the redirect to it. */
export async function startAtVigia(vigia: Browser, identifier: string) {
  await vigia.get('/login/sso');
  const chosen = await vigia.post('/login/sso', { identifier, next: '/' });
  expect(chosen.status, chosen.text).to.equal(200);
  const href = /id="sso-continue" href="([^"]+)"/.exec(chosen.text)?.[1];
  expect(href, 'a link to continue at the provider').to.be.a('string');
  const start = await vigia.get(href!.replaceAll('&amp;', '&').replaceAll('&#x3D;', '='));
  expect(start.status, start.text).to.equal(302);
  return start;
}

/**
 * Walks the whole authorization code flow over HTTP as a browser would: Vigía's start form,
 * the provider's redirects and its login form, and back to Vigía's callback. Returns the
 * authorization request Vigía sent and Vigía's answer to the callback.
 */
export async function signInThroughIdp(
  vigia: Browser, idp: TestIdp, identifier: string, login: string,
  opts: { beforeCallback?: (state: string) => Promise<void> } = {},
) {
  const start = await startAtVigia(vigia, identifier);
  const authorization = new URL(start.headers.location);
  expect(authorization.origin).to.equal(idp.issuer);

  const agent = supertest.agent(idp.issuer);
  let res = await agent.get(authorization.pathname + authorization.search);
  for (let hops = 0; hops < 10; hops++) {
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.location, idp.issuer);
      if (next.origin === VIGIA) {
        await opts.beforeCallback?.(authorization.searchParams.get('state')!);
        const callback = await vigia.get(next.pathname + next.search);
        return { authorization, callback, callbackUrl: next };
      }
      res = await agent.get(next.pathname + next.search);
      continue;
    }
    // The provider's login form: any password, the login names the account.
    const action = /<form[^>]*action="([^"]+)"/.exec(res.text)?.[1];
    expect(action, `a form at the provider (status ${res.status}): ${res.text.slice(0, 300)}`).to.be.a('string');
    const target = new URL(action!.replaceAll('&amp;', '&'), idp.issuer);
    res = await agent.post(target.pathname + target.search).type('form').send({ prompt: 'login', login, password: 'whatever' });
  }
  throw new Error('the provider never sent the browser back to Vigía');
}
