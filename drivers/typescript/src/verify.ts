/**
 * Verification of access tokens against the server's JWKS
 * (`GET /.well-known/jwks.json`, PROTOCOL.md §5.3) using `jose`.
 *
 * The server signs RS256 tokens without `aud`, `iss` or `nbf`, so only the
 * signature, the algorithm, the `kid` and `exp` are checked here.
 */

import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { TokenVerificationError } from './errors.js';

/** A role assignment carried in a token: role name and scope object. */
export interface RoleClaim {
  /** Role name, e.g. `read_write`. */
  readonly role: string;
  /** Scope object, e.g. `{"type":"database","name":"d"}`. */
  readonly scope: { readonly type: string; readonly [member: string]: unknown };
}

/** The claims of a GrumpyDB access token. */
export interface TokenClaims extends JWTPayload {
  /** Username. */
  readonly sub: string;
  /** Tenant of the user. */
  readonly tenant: string;
  /** Role assignments at issue time. */
  readonly roles: readonly RoleClaim[];
  /** `access` or `refresh`. */
  readonly token_type?: string;
}

/** Verifies tokens with keys fetched (and cached) from one JWKS URL. */
export class TokenVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  /** @param jwksUrl URL of the server's JWKS document */
  constructor(readonly jwksUrl: string) {
    let url: URL;
    try {
      url = new URL(jwksUrl);
    } catch (err) {
      throw new TokenVerificationError(`invalid jwksUrl: ${jwksUrl}`, err);
    }
    this.keys = createRemoteJWKSet(url);
  }

  /**
   * Verifies an access token's signature and expiry.
   *
   * @param token compact JWS
   * @returns its claims
   * @throws TokenVerificationError when verification fails or the claims are malformed
   */
  async verify(token: string): Promise<TokenClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, { algorithms: ['RS256'] }));
    } catch (err) {
      throw new TokenVerificationError(`access token failed JWKS verification: ${(err as Error).message}`, err);
    }
    if (typeof payload.sub !== 'string' || typeof payload['tenant'] !== 'string' || !Array.isArray(payload['roles'])) {
      throw new TokenVerificationError('access token lacks sub, tenant or roles');
    }
    if (payload['token_type'] !== undefined && payload['token_type'] !== 'access') {
      throw new TokenVerificationError(`expected an access token, got ${String(payload['token_type'])}`);
    }
    return payload as TokenClaims;
  }
}
