// What vivo said about an app's daily quotas, kept for the whole process until midnight in China: after
// 10070 (daily total) "do not call /message/send, saveListPayload or pushToList again today", after 10252
// (list payloads) "do not call saveListPayload again today" — vivo lowers the push quota of apps that keep
// calling (server API v2.9.2, 一.1 推送超量说明). Providers are rebuilt often, so this outlives them.
import { msUntilChinaMidnight } from "../vendor-https";

const spentUntil = new Map<string, { total: number; lists: number }>();

// The quota state of one app on one endpoint.
export class VivoQuota {
  constructor(private readonly key: string) {}

  private get state() {
    let state = spentUntil.get(this.key);
    if (!state) spentUntil.set(this.key, (state = { total: 0, lists: 0 }));
    return state;
  }

  // True while the day's total is spent.
  get totalSpent(): boolean {
    return Date.now() < this.state.total;
  }
  // True while the day's list payloads are spent.
  get listsSpent(): boolean {
    return Date.now() < this.state.lists;
  }
  // Milliseconds until the quotas start again.
  get waitMs(): number {
    return msUntilChinaMidnight();
  }

  spendTotal() {
    this.state.total = Date.now() + msUntilChinaMidnight();
  }
  spendLists() {
    this.state.lists = Date.now() + msUntilChinaMidnight();
  }
}

// Forgets every app's quota state (tests).
export function clearVivoQuotas() {
  spentUntil.clear();
}
