// How the SMS fakes (Twilio, Alibaba Cloud SMS) call Herald back: status reports and inbound messages
// posted to Herald's webhooks in the vendor's shape, kept with Herald's answer, and awaited by a test
// (settle) before it looks at the database. Each post goes once, like the vendors' first attempt.
export interface PostedCallback {
  url: string;
  headers: Record<string, string>;
  body: string;
  // Herald's HTTP status (0: no answer) and body.
  status: number;
  answer: string;
}

export class SmsCallbacks {
  readonly posted: PostedCallback[] = [];
  private readonly pending = new Set<Promise<PostedCallback>>();

  // Posts `body` to `url` after `delayMs`; resolves with the answer.
  post(url: string, headers: Record<string, string>, body: string, delayMs = 0): Promise<PostedCallback> {
    const run = (async () => {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const record: PostedCallback = { url, headers, body, status: 0, answer: "" };
      try {
        const response = await fetch(url, { method: "POST", headers, body });
        record.status = response.status;
        record.answer = await response.text();
      } catch (error) {
        record.answer = String(error);
      }
      this.posted.push(record);
      return record;
    })();
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
    return run;
  }

  // Resolves once every post made so far has its answer.
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  clear(): void {
    this.posted.length = 0;
  }
}
