// The receipt mode the vendor fakes share: after a fake accepts a push, its receipts.ts builds the
// vendor's receipt requests (documented shape and authentication) and this posts them to the callback
// URL (the one the push named, or the one "configured in the console" for Huawei and Honor), keeps what
// it sent and what the receiver answered, can post everything again (vendors retry), and tells a test
// when every post has been answered. Off unless a test or the demo turns it on. Control routes:
// POST /__fake/receipts/configure, GET /__fake/receipts/sent, POST /__fake/receipts/settle,
// POST /__fake/receipts/replay, GET /__fake/receipts/held, POST /__fake/receipts/release.
import type { ArrivalListener, ControlRoutes } from "./loopback-fake";

// How the fake calls back.
export interface ReceiptModeConfig {
  enabled: boolean;
  // Tokens with this prefix are accepted when sent but reported dead by receipt (uninstalled app), where
  // the vendor has such a receipt (Huawei and Honor status 2, Xiaomi type 16).
  deadPrefix: string;
  // Tokens with this prefix also get a click receipt, where the vendor has one (Xiaomi, JPush).
  clickPrefix: string;
  // Delay before posting, in milliseconds.
  delayMs: number;
  // The receipt URL, user name and key entered in the vendor's console (Huawei, Honor).
  url: string | null;
  user: string | null;
  key: string | null;
  // Keep the receipts instead of posting them, until release() (a test looks at them first).
  hold: boolean;
}

export function defaultReceiptMode(): ReceiptModeConfig {
  return {
    enabled: false,
    deadPrefix: "gone-",
    clickPrefix: "click-",
    delayMs: 0,
    url: null,
    user: null,
    key: null,
    hold: false,
  };
}

// One receipt request as posted, and the receiver's answer (status 0: no answer).
export interface PostedReceipt {
  url: string;
  headers: Record<string, string>;
  body: string;
  status: number;
  answer: string;
}

// One request to post.
export interface ReceiptPost {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export class ReceiptPoster {
  config: ReceiptModeConfig;
  private sent: PostedReceipt[] = [];
  private pending = new Set<Promise<void>>();
  private holding: ReceiptPost[] = [];

  constructor(private readonly initial: Partial<ReceiptModeConfig> = {}) {
    this.config = { ...defaultReceiptMode(), ...initial };
  }

  configure(change: Partial<ReceiptModeConfig>): ReceiptModeConfig {
    this.config = { ...this.config, ...change };
    return this.config;
  }

  reset(): void {
    this.config = { ...defaultReceiptMode(), ...this.initial };
    this.sent = [];
    this.holding = [];
  }

  // Posts the requests (after delayMs) when the mode is on.
  post(requests: ReceiptPost[]): void {
    if (!this.config.enabled) return;
    if (this.config.hold) return void this.holding.push(...requests);
    for (const request of requests) this.track(this.deliver(request, this.config.delayMs));
  }

  // The receipts kept while holding.
  held(): ReceiptPost[] {
    return [...this.holding];
  }

  // Posts the held receipts (and stops holding); resolves once they are answered.
  async release(): Promise<void> {
    this.config = { ...this.config, hold: false };
    for (const request of this.holding.splice(0)) this.track(this.deliver(request, 0));
    await this.settle();
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private async deliver(request: ReceiptPost, delayMs: number): Promise<void> {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    let status = 0;
    let answer = "";
    try {
      const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
      status = response.status;
      answer = await response.text();
    } catch (error) {
      answer = String(error);
    }
    this.sent.push({ ...request, status, answer });
  }

  // Every request posted so far, with its answer.
  posted(): PostedReceipt[] {
    return [...this.sent];
  }

  // Resolves once every post started so far has been answered.
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  // Posts everything sent so far once more, as a vendor retrying would; resolves once answered.
  async replay(): Promise<void> {
    for (const request of this.sent.slice())
      this.track(this.deliver({ url: request.url, headers: request.headers, body: request.body }, 0));
    await this.settle();
  }

  // The control routes of the receipt mode.
  routes(): ControlRoutes {
    return {
      "POST /__fake/receipts/configure": (input) => this.configure(input as Partial<ReceiptModeConfig>),
      "GET /__fake/receipts/sent": () => this.posted(),
      "POST /__fake/receipts/settle": () => this.settle().then(() => ({ settled: true })),
      "POST /__fake/receipts/replay": () => this.replay().then(() => ({ replayed: true })),
      "GET /__fake/receipts/held": () => this.held(),
      "POST /__fake/receipts/release": () => this.release().then(() => ({ released: true })),
    };
  }
}

// What every vendor fake is started with: where it listens, its vendor behaviour (its own knobs), its
// receipt mode, and the hook told of each push it shows on a device.
export interface VendorFakeOptions<Behaviour> {
  port?: number;
  host?: string;
  behaviour?: Partial<Behaviour>;
  receipts?: Partial<ReceiptModeConfig>;
  onArrival?: ArrivalListener;
}
