// Devices on the `poll` channel: each long-polls its inbox (GET /devices/{id}/inbox?wait=30 with
// the last cursor and ETag), as the README tells app developers to. Fetching confirms delivery.
import { setMaxListeners } from "node:events";
import { sleep, type ApiAnswer, type HeraldApi } from "./api-client";
import type { Push } from "./behaviour";
import type { SimDevice } from "./population";

interface InboxPage {
  messages: (Push & { cursor: string })[];
  cursor: string | null;
}

const waitSeconds = 30;

export class InboxPollers {
  private readonly controller = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly api: HeraldApi,
    private readonly onPush: (device: SimDevice, push: Push) => void,
    private readonly onError: (message: string) => void,
  ) {}

  // Starts one long-poll loop per device (they run until close()).
  start(devices: SimDevice[]) {
    // One listener per long poll in flight.
    setMaxListeners(0, this.controller.signal);
    for (const device of devices) this.loops.push(this.loop(device));
  }

  private async loop(device: SimDevice) {
    const signal = this.controller.signal;
    let cursor: string | null = null;
    let etag: string | null = null;
    let failures = 0;
    // Spread the first requests so a thousand pollers do not arrive in the same millisecond.
    await sleep(Math.random() * 1000, signal);
    while (!signal.aborted) {
      try {
        const answer: ApiAnswer<InboxPage> = await this.api.inbox<InboxPage>(
          device.installationId,
          cursor,
          etag,
          waitSeconds,
          signal,
        );
        if (answer.status === 200 && answer.body) {
          failures = 0;
          etag = answer.headers.get("etag");
          for (const message of answer.body.messages) this.onPush(device, message);
          cursor = answer.body.cursor ?? cursor;
        } else if (answer.status === 304) {
          failures = 0;
        } else {
          failures++;
          if (answer.status !== 429) this.onError(`inbox answered ${answer.status}`);
          await sleep(
            answer.status === 429
              ? Number(answer.headers.get("retry-after") ?? 1) * 1000
              : Math.min(30_000, 1000 * 2 ** failures),
            signal,
          );
        }
      } catch (error) {
        if (signal.aborted) break;
        failures++;
        this.onError(`inbox: ${(error as Error).message}`);
        await sleep(Math.min(30_000, 1000 * 2 ** failures), signal);
      }
    }
  }

  get count() {
    return this.loops.length;
  }

  async close() {
    this.controller.abort();
    await Promise.allSettled(this.loops.splice(0));
  }
}
