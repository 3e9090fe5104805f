// What the fake vivo server has received and delivered: totals, per-regId arrivals (with the ops
// messages the per-device daily cap dropped) and a ring of recent request bodies.

// Per regId.
export interface VivoTokenRecord {
  regId: string;
  // Messages addressed to it that vivo accepted.
  accepted: number;
  // Of those, shown on the device.
  delivered: number;
  // Ops messages accepted but dropped by the per-device daily cap.
  capped: number;
  classifications: number[];
  categories: (string | null)[];
}

export interface VivoStats {
  authCalls: number;
  tokensIssued: number;
  singleSends: number;
  listPayloads: number;
  listPushes: number;
  accepted: number;
  delivered: number;
  capped: number;
  // Answers other than result 0, by result code or "HTTP_<status>".
  errors: Record<string, number>;
}

// A recent request.
export interface VivoReceived {
  at: number;
  path: string;
  authToken: string | null;
  body: unknown;
}

export class VivoRecords {
  stats: VivoStats = VivoRecords.empty();
  private byRegId = new Map<string, VivoTokenRecord>();
  private bodies: VivoReceived[] = [];
  // Ops arrivals per China day and regId.
  private opsArrivals = new Map<string, number>();

  private static empty(): VivoStats {
    return {
      authCalls: 0,
      tokensIssued: 0,
      singleSends: 0,
      listPayloads: 0,
      listPushes: 0,
      accepted: 0,
      delivered: 0,
      capped: 0,
      errors: {},
    };
  }

  reset() {
    this.stats = VivoRecords.empty();
    this.byRegId.clear();
    this.bodies = [];
    this.opsArrivals.clear();
  }

  received(path: string, authToken: string | null, body: unknown, keep: number) {
    if (keep <= 0) return;
    this.bodies.push({ at: Date.now(), path, authToken, body });
    if (this.bodies.length >= keep * 2) this.bodies = this.bodies.slice(-keep);
  }

  answered(code: string) {
    this.stats.errors[code] = (this.stats.errors[code] ?? 0) + 1;
  }

  // An accepted message for a good regId: delivered unless it is an ops message over the device's cap
  // (true when delivered).
  accept(regId: string, classification: number, category: string | null, day: string, cap: number): boolean {
    let record = this.byRegId.get(regId);
    if (!record) {
      record = { regId, accepted: 0, delivered: 0, capped: 0, classifications: [], categories: [] };
      this.byRegId.set(regId, record);
    }
    record.accepted += 1;
    record.classifications.push(classification);
    record.categories.push(category);
    this.stats.accepted += 1;
    if (classification === 0) {
      const key = `${day}|${regId}`;
      const count = this.opsArrivals.get(key) ?? 0;
      if (count >= cap) {
        record.capped += 1;
        this.stats.capped += 1;
        return false;
      }
      this.opsArrivals.set(key, count + 1);
    }
    record.delivered += 1;
    this.stats.delivered += 1;
    return true;
  }

  tokens(regIds?: string[]): VivoTokenRecord[] {
    if (!regIds) return [...this.byRegId.values()];
    return regIds.flatMap((regId) => this.byRegId.get(regId) ?? []);
  }

  recent(path?: string, keep = 1000): VivoReceived[] {
    const recent = this.bodies.slice(-keep);
    return path ? recent.filter((entry) => entry.path === path) : recent;
  }
}
