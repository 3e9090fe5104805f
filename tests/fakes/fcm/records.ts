// What the fake FCM server has received: totals, per-token counts with the collapse key of every
// accepted message (so a test can check duplicates carry the same key), and a ring of recent bodies.

// Per-token record: requests carrying it, how many were accepted (200), and each accepted collapse key.
export interface TokenRecord {
  token: string;
  received: number;
  accepted: number;
  collapseKeys: (string | null)[];
}

// Totals since the last reset.
export interface FakeStats {
  requests: number;
  accepted: number;
  validateOnly: number;
  // Answers by FCM error code (or "BAD_REQUEST" for invalid bodies, "HANG" for unanswered).
  errors: Record<string, number>;
  // Epoch milliseconds of the first and latest send request.
  firstRequestAt: number | null;
  lastRequestAt: number | null;
  distinctTokens: number;
  // Tokens accepted more than once.
  duplicateTokens: number;
  // OAuth token requests answered.
  tokenGrants: number;
  // HTTP/2 connections opened by clients (firebase-admin opens one per sendEach call unless pooled).
  sessions: number;
}

// A recent request as the fake received it.
export interface ReceivedBody {
  at: number;
  project: string;
  token: string | null;
  body: unknown;
}

// Which token records to list: some tokens, or only duplicates; `limit` caps the answer.
export interface TokenQuery {
  tokens?: string[];
  duplicatesOnly?: boolean;
  limit?: number;
}

// What the fake keeps per token: one small object (a benchmark sends to a million tokens, and the
// fake's garbage collector walks every one of them), the collapse keys as a list only once a token
// was accepted twice.
interface Tally {
  received: number;
  accepted: number;
  firstKey: string | null;
  laterKeys: (string | null)[] | null;
}

const recordOf = (token: string, tally: Tally): TokenRecord => ({
  token,
  received: tally.received,
  accepted: tally.accepted,
  collapseKeys: tally.accepted === 0 ? [] : [tally.firstKey, ...(tally.laterKeys ?? [])],
});

export class FakeRecords {
  private byToken = new Map<string, Tally>();
  private bodies: ReceivedBody[] = [];
  private stats: FakeStats = FakeRecords.emptyStats();

  private static emptyStats(): FakeStats {
    return {
      requests: 0,
      accepted: 0,
      validateOnly: 0,
      errors: {},
      firstRequestAt: null,
      lastRequestAt: null,
      distinctTokens: 0,
      duplicateTokens: 0,
      tokenGrants: 0,
      sessions: 0,
    };
  }

  reset() {
    this.byToken.clear();
    this.bodies = [];
    this.stats = FakeRecords.emptyStats();
  }

  // Counts a send request and returns how many earlier requests carried the same token (the attempt number).
  received(token: string | null, project: string, body: unknown, keepBodies: number): number {
    const now = Date.now();
    this.stats.requests += 1;
    this.stats.firstRequestAt ??= now;
    this.stats.lastRequestAt = now;
    if (keepBodies > 0) {
      this.bodies.push({ at: now, project, token, body });
      // Trimmed in halves, not per request: cheap at tens of thousands of requests a second.
      if (this.bodies.length >= keepBodies * 2) this.bodies = this.bodies.slice(-keepBodies);
    }
    if (token === null) return 0;
    let record = this.byToken.get(token);
    if (!record) {
      record = { received: 0, accepted: 0, firstKey: null, laterKeys: null };
      this.byToken.set(token, record);
      this.stats.distinctTokens += 1;
    }
    record.received += 1;
    return record.received - 1;
  }

  accepted(token: string | null, collapseKey: string | null, validateOnly: boolean) {
    if (validateOnly) {
      this.stats.validateOnly += 1;
      return;
    }
    this.stats.accepted += 1;
    const record = token === null ? undefined : this.byToken.get(token);
    if (!record) return;
    record.accepted += 1;
    if (record.accepted === 1) record.firstKey = collapseKey;
    else (record.laterKeys ??= []).push(collapseKey);
    if (record.accepted === 2) this.stats.duplicateTokens += 1;
  }

  answered(errorCode: string) {
    this.stats.errors[errorCode] = (this.stats.errors[errorCode] ?? 0) + 1;
  }

  tokenGranted() {
    this.stats.tokenGrants += 1;
  }

  sessionOpened() {
    this.stats.sessions += 1;
  }

  summary(): FakeStats {
    return { ...this.stats, errors: { ...this.stats.errors } };
  }

  tokens(query: TokenQuery = {}): TokenRecord[] {
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const out: TokenRecord[] = [];
    const source: Iterable<[string, Tally]> = query.tokens
      ? query.tokens.flatMap((token): Array<[string, Tally]> => {
          const tally = this.byToken.get(token);
          return tally ? [[token, tally]] : [];
        })
      : this.byToken.entries();
    for (const [token, tally] of source) {
      if (out.length >= limit) break;
      if (query.duplicatesOnly && tally.accepted < 2) continue;
      out.push(recordOf(token, tally));
    }
    return out;
  }

  recentBodies(token?: string, keep = 1000): ReceivedBody[] {
    const recent = this.bodies.slice(-keep);
    return token === undefined ? recent : recent.filter((body) => body.token === token);
  }
}
