import * as oidc from 'openid-client';
import { isLoopbackIssuer } from './sso.schema.ts';

export interface ProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** What the callback must check again: kept in the visitor's session between the two legs. */
export interface FlowChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface VerifiedClaims {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

const SCOPE = 'openid email profile';

/**
 * The OpenID Connect relying party, on openid-client (authorization code flow with PKCE,
 * state and nonce; the ID token's signature, issuer, audience and nonce are checked by the library).
 */
export function createOidcClient(opts: { redirectUri: string; timeoutSeconds?: number }) {
  async function configure(p: ProviderSettings): Promise<oidc.Configuration> {
    return oidc.discovery(new URL(p.issuer), p.clientId, undefined, oidc.ClientSecretBasic(p.clientSecret), {
      // Plain HTTP only for a provider on this machine (the schema refuses any other).
      execute: isLoopbackIssuer(p.issuer) ? [oidc.allowInsecureRequests] : [],
      timeout: opts.timeoutSeconds ?? 10,
    });
  }

  async function authorizationUrl(p: ProviderSettings, loginHint?: string): Promise<{ url: URL; checks: FlowChecks }> {
    const config = await configure(p);
    const checks = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
    const params: Record<string, string> = {
      redirect_uri: opts.redirectUri,
      scope: SCOPE,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    };
    if (loginHint) params.login_hint = loginHint;
    return { url: oidc.buildAuthorizationUrl(config, params), checks };
  }

  /** Exchanges the code and reads who signed in (ID token, then the userinfo endpoint for e-mail claims). */
  async function finish(p: ProviderSettings, currentUrl: URL, checks: FlowChecks): Promise<VerifiedClaims> {
    const config = await configure(p);
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    const info = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
    const email = typeof info.email === 'string' ? info.email : typeof idToken.email === 'string' ? idToken.email : null;
    const verified = info.email_verified ?? idToken.email_verified;
    const name = typeof info.name === 'string' ? info.name : null;
    return { issuer: config.serverMetadata().issuer, subject: idToken.sub, email, emailVerified: verified === true, name };
  }

  return { authorizationUrl, finish };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
