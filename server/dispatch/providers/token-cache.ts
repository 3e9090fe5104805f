// Access tokens of the vendors that hand them out (Huawei and Honor OAuth, OPPO, vivo): cached per
// credential, fetched once for concurrent callers, renewed a margin before they expire, dropped when
// the vendor answers that one expired, and a request sent again once with a fresh one.

// A token as fetched: its value and when the vendor says it expires (ms since the epoch).
export interface IssuedToken {
  value: string;
  expiresAt: number;
}

// The tokens of one credential, as the sending code sees them.
export interface CredentialTokens {
  // A usable token: the cached one, or a fresh one (one fetch shared by every concurrent caller).
  get(): Promise<string>;
  // Forgets `token` (the vendor refused it), unless a newer one already replaced it.
  invalidate(token: string): void;
}

interface Entry {
  token?: IssuedToken;
  pending?: Promise<string>;
}

// Tokens by credential key; one cache may serve one provider or the whole process.
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  // Tokens fetched so far (tests and diagnostics).
  fetched = 0;

  constructor(
    // Stop using a token this long before it expires, so none expires in flight.
    private readonly marginMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  // The tokens of the credential `key`, fetched with `fetch`.
  for(key: string, fetch: () => Promise<IssuedToken>): CredentialTokens {
    return { get: () => this.get(key, fetch), invalidate: (token) => this.invalidate(key, token) };
  }

  // A usable token of `key`.
  get(key: string, fetch: () => Promise<IssuedToken>): Promise<string> {
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = {}));
    if (entry.token && entry.token.expiresAt - this.marginMs > this.now()) return Promise.resolve(entry.token.value);
    if (!entry.pending) {
      const current = entry;
      current.pending = fetch()
        .then((token) => {
          this.fetched += 1;
          current.token = token;
          return token.value;
        })
        .finally(() => (current.pending = undefined));
    }
    return entry.pending!;
  }

  // Forgets `token` of `key` if it is still the cached one.
  invalidate(key: string, token: string) {
    const entry = this.entries.get(key);
    if (entry?.token?.value === token) entry.token = undefined;
  }

  // Forgets every token (tests).
  clear() {
    this.entries.clear();
  }
}

// Calls `call` with a token; when `expired` says the vendor refused it, drops that token and calls once
// more with a fresh one. Answers the last call's result (still expired when a fresh token was refused
// too: the caller decides what that means) and whether a refresh happened.
export async function withTokenRefresh<T>(
  tokens: CredentialTokens,
  call: (token: string) => Promise<T>,
  expired: (result: T) => boolean,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const token = await tokens.get();
    const result = await call(token);
    if (!expired(result)) return result;
    tokens.invalidate(token);
    if (attempt === 1) return result;
  }
}
