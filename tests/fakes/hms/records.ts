// What a Huawei-style fake has received and done, per token and in total: requests, tokens accepted,
// how many of them arrived and how many a vendor daily cap for marketing messages swallowed (the
// vendors still answer success: caps count arrivals), the class each arrival had, and a ring of
// recent request bodies. Shared by the Huawei and Honor fakes.

// The class a vendor gave one accepted message.
export type FakeClass = "service" | "marketing";

// Per token.
export interface TokenRecord {
  token: string;
  // Requests that named the token.
  received: number;
  // Accepted and shown on the device.
  delivered: number;
  // Accepted, then dropped by the per-device daily cap.
  capped: number;
  // Classes of the delivered messages, in order.
  classes: FakeClass[];
}

// Totals since the last reset.
export interface FakeStats {
  requests: number;
  // Send answers by vendor code (or HTTP_<status>).
  answers: Record<string, number>;
  tokenGrants: number;
  delivered: number;
  capped: number;
  // Tokens named in more than one accepted request (a retry that duplicated a push).
  duplicateTokens: number;
  // Most tokens seen in one request.
  largestRequest: number;
}

// A recent request body as received (parsed JSON) with its headers of interest.
export interface ReceivedBody {
  at: number;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

interface Tally {
  received: number;
  delivered: number;
  capped: number;
  classes: FakeClass[];
  // Per day: marketing arrivals and arrivals of any class.
  days: Map<string, { marketing: number; all: number }>;
}

export class FakeRecords {
  private byToken = new Map<string, Tally>();
  private bodies: ReceivedBody[] = [];
  private totals: FakeStats = FakeRecords.empty();

  private static empty(): FakeStats {
    return { requests: 0, answers: {}, tokenGrants: 0, delivered: 0, capped: 0, duplicateTokens: 0, largestRequest: 0 };
  }

  reset() {
    this.byToken.clear();
    this.bodies = [];
    this.totals = FakeRecords.empty();
  }

  private tally(token: string): Tally {
    let tally = this.byToken.get(token);
    if (!tally)
      this.byToken.set(token, (tally = { received: 0, delivered: 0, capped: 0, classes: [], days: new Map() }));
    return tally;
  }

  // Counts a send request naming `tokens`, keeping its body when asked to.
  request(path: string, headers: Record<string, string>, body: unknown, tokens: string[], keepBodies: number) {
    this.totals.requests += 1;
    this.totals.largestRequest = Math.max(this.totals.largestRequest, tokens.length);
    for (const token of tokens) this.tally(token).received += 1;
    if (keepBodies > 0) {
      this.bodies.push({ at: Date.now(), path, headers, body });
      if (this.bodies.length >= keepBodies * 2) this.bodies = this.bodies.slice(-keepBodies);
    }
  }

  answered(code: string) {
    this.totals.answers[code] = (this.totals.answers[code] ?? 0) + 1;
  }

  tokenGranted() {
    this.totals.tokenGrants += 1;
  }

  // Delivers an accepted message to `token` unless a daily cap stops it; true when it arrived.
  arrive(token: string, kind: FakeClass, day: string, caps: { marketingPerDay: number; allPerDay: number }): boolean {
    const tally = this.tally(token);
    if (tally.delivered + tally.capped === 1) this.totals.duplicateTokens += 1;
    let today = tally.days.get(day);
    if (!today) tally.days.set(day, (today = { marketing: 0, all: 0 }));
    if (today.all >= caps.allPerDay || (kind === "marketing" && today.marketing >= caps.marketingPerDay)) {
      tally.capped += 1;
      this.totals.capped += 1;
      return false;
    }
    today.all += 1;
    if (kind === "marketing") today.marketing += 1;
    tally.delivered += 1;
    tally.classes.push(kind);
    this.totals.delivered += 1;
    return true;
  }

  stats(): FakeStats {
    return { ...this.totals, answers: { ...this.totals.answers } };
  }

  tokens(only?: string[]): TokenRecord[] {
    const names = only ?? [...this.byToken.keys()];
    return names.flatMap((token) => {
      const tally = this.byToken.get(token);
      return tally
        ? [
            {
              token,
              received: tally.received,
              delivered: tally.delivered,
              capped: tally.capped,
              classes: [...tally.classes],
            },
          ]
        : [];
    });
  }

  recentBodies(): ReceivedBody[] {
    return [...this.bodies];
  }
}
