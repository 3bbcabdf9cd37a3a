/**
 * The running homeserver as route modules see it: its store, options, router, public URL and the
 * access-token check every authenticated route goes through.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, type Ctx, type Router } from './http.ts';
import type { HomeserverOptions } from './options.ts';
import type { Store, Token, User } from './store.ts';

export interface Requester extends Token {
  user: User;
}

/** A hook that runs before routing; returning true means it answered (or dropped) the request itself. */
export type Interceptor = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;

export class Homeserver {
  /** Base URL clients use, e.g. http://127.0.0.1:8008 (set once listening). */
  baseUrl = '';
  readonly interceptors: Interceptor[] = [];
  /** Closes every connection and listens again after `downMs`, keeping all data (set by server.ts). */
  restart: (downMs: number) => Promise<void> = () => Promise.reject(new Error('not listening yet'));

  constructor(
    readonly store: Store,
    readonly options: HomeserverOptions,
    readonly router: Router,
  ) {}

  get serverName(): string {
    return this.store.serverName;
  }

  get legacyAuth(): boolean {
    return this.options.auth !== 'oauth';
  }

  get oauth(): boolean {
    return this.options.auth !== 'legacy';
  }

  /** Guests exist only where legacy registration exists (OAuth-only servers have no guest accounts). */
  get guestsAllowed(): boolean {
    return this.options.guests && this.legacyAuth;
  }

  /** The bearer token of a request (Authorization header, or the deprecated `access_token` query parameter). */
  tokenOf(ctx: Ctx): string | undefined {
    const header = ctx.header('authorization');
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      return m ? m[1] : undefined;
    }
    return ctx.query.get('access_token') ?? undefined;
  }

  /**
   * The user behind a request. M_MISSING_TOKEN without a token; M_UNKNOWN_TOKEN for an unknown one, with
   * `soft_logout: true` when it merely expired (the device still exists, so refresh or re-login keeps it);
   * M_GUEST_ACCESS_FORBIDDEN for a guest on a route guests may not use.
   */
  requireAuth(ctx: Ctx, opts: { guests?: boolean } = {}): Requester {
    const raw = this.tokenOf(ctx);
    if (!raw) throw errors.missingToken();
    const token = Object.hasOwn(this.store.data.tokens, raw) ? this.store.data.tokens[raw] : undefined;
    if (!token) throw errors.unknownToken(false);
    if (token.expiresAt !== undefined && token.expiresAt <= Date.now()) throw errors.unknownToken(true);
    const user = this.store.data.users[token.userId];
    if (!user) throw errors.unknownToken(false);
    if (user.guest && !opts.guests) throw errors.guestForbidden();
    return { ...token, user };
  }

  /** Like requireAuth, but returns undefined when the request carries no token at all. */
  optionalAuth(ctx: Ctx, opts: { guests?: boolean } = {}): Requester | undefined {
    return this.tokenOf(ctx) ? this.requireAuth(ctx, opts) : undefined;
  }
}
