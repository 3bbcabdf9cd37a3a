/** Start options of the local homeserver, from the command line or from code (tests, `npm start`). */
export interface HomeserverOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** The server name in user IDs and aliases. `auto` means `127.0.0.1:<port>`, so it is discoverable. */
  serverName: string;
  /** Which login APIs the server offers: legacy `/login` + `/register`, the OAuth 2.0 API, or both. */
  auth: 'legacy' | 'oauth' | 'both';
  /** Guest accounts (`/register?kind=guest`). Off on OAuth-only servers whatever this says, as on matrix.org. */
  guests: boolean;
  /** Serve the unauthenticated `/_matrix/media/v3/download|thumbnail` routes (off = "frozen" media). */
  legacyMedia: boolean;
  /** Access-token lifetime for clients that ask for refresh tokens, in ms. */
  tokenLifetimeMs: number;
  /** Enables the `/_dev/*` fault-injection and event-injection routes (tests only). */
  faults: boolean;
  /** Seed users, rooms and history on an empty store. */
  seed: boolean;
  /** Persist the store to this JSON file (and load it at start). */
  data?: string;
  /** Registration token accepted by the m.login.registration_token stage, when registration requires one. */
  registrationToken?: string;
  /** UIA stages required by /register, in order. Default: m.login.dummy only (open registration). */
  registrationFlows: string[][];
  /** Allow registration at all (legacy /register; OAuth prompt=create). */
  registration: boolean;
  /** The HS256 secret of `org.matrix.login.jwt` (Synapse's `jwt_config.secret`). */
  jwtSecret: string;
  /**
   * Synapse's `password_config.policy.minimum_length`: legacy `/register` refuses shorter passwords with 400
   * M_PASSWORD_TOO_SHORT, as Synapse does with its policy enabled. 0 turns the policy off (Synapse's default).
   */
  passwordMinLength: number;
}

/** The default `org.matrix.login.jwt` secret, the same one the test Synapse in ../shared/synapse is configured with. */
export const DEFAULT_JWT_SECRET = 'matrix-embed-test-jwt-secret';

export const defaultOptions: HomeserverOptions = {
  port: 8008,
  serverName: 'localhost',
  auth: 'both',
  guests: true,
  legacyMedia: true,
  tokenLifetimeMs: 5 * 60_000,
  faults: false,
  seed: true,
  registrationFlows: [['m.login.dummy']],
  registration: true,
  jwtSecret: DEFAULT_JWT_SECRET,
  // Like a Synapse whose admin enabled the password policy, so the demo and the browser tests meet it.
  passwordMinLength: 8,
};

const usage = `Usage: npm run homeserver -- [options]
  --port N                 port on 127.0.0.1 (default $PORT or 8008; 0 = any free port)
  --server-name NAME       server name (default localhost; "auto" = 127.0.0.1:<port>)
  --auth legacy|oauth|both login APIs offered (default both)
  --no-guests              refuse guest registration
  --no-legacy-media        turn off unauthenticated /_matrix/media/v3 downloads
  --no-registration        refuse new accounts
  --registration-flows F   UIA flows for /register, e.g. "m.login.terms,m.login.dummy|m.login.registration_token"
  --registration-token T   the token for m.login.registration_token (default "letmein")
  --token-lifetime MS      access-token lifetime when refresh tokens are used (default 300000)
  --jwt-secret S           HS256 secret for org.matrix.login.jwt (default "matrix-embed-test-jwt-secret")
  --password-min-length N  /register refuses shorter passwords, as Synapse's password policy (default 8; 0 = off)
  --data FILE              persist to FILE (load it at start)
  --no-seed                start empty
  --faults                 enable the /_dev test controls (tests only): faults, faults/reset, faults/{id},
                           delay, fail, rate-limit, drop, drop-answer, restart, expire-tokens,
                           delete-tokens, delete-oauth-client, rooms/{id}/inject (see routes/dev.ts)
  --json                   print {"url","serverName"} as JSON once listening`;

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): HomeserverOptions & { json: boolean } {
  const o = { ...defaultOptions, port: env.PORT ? Number(env.PORT) : defaultOptions.port, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--port': o.port = Number(value()); break;
      case '--server-name': o.serverName = value(); break;
      case '--auth': {
        const v = value();
        if (v !== 'legacy' && v !== 'oauth' && v !== 'both') fail(`--auth must be legacy, oauth or both, not ${v}`);
        o.auth = v;
        break;
      }
      case '--no-guests': o.guests = false; break;
      case '--no-legacy-media': o.legacyMedia = false; break;
      case '--no-registration': o.registration = false; break;
      case '--registration-flows':
        o.registrationFlows = value().split('|').map((f) => f.split(',').filter(Boolean));
        break;
      case '--registration-token': o.registrationToken = value(); break;
      case '--token-lifetime': o.tokenLifetimeMs = Number(value()); break;
      case '--jwt-secret': o.jwtSecret = value(); break;
      case '--password-min-length': o.passwordMinLength = Number(value()); break;
      case '--data': o.data = value(); break;
      case '--no-seed': o.seed = false; break;
      case '--faults': o.faults = true; break;
      case '--json': o.json = true; break;
      case '--help': case '-h': console.log(usage); process.exit(0); break;
      default: fail(`unknown option ${arg}`);
    }
  }
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) fail('--port must be a port number');
  if (!Number.isInteger(o.passwordMinLength) || o.passwordMinLength < 0) fail('--password-min-length must be a whole number');
  return o;
}

function fail(message: string): never {
  console.error(`homeserver: ${message}\n\n${usage}`);
  process.exit(2);
}
