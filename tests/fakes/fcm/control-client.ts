// Drives a fake FCM server running in another process through its control API (HTTPS, /__fake/*).
import https from "node:https";
import type { FakeBehaviour } from "./behaviour";
import type { FakeFcmControl } from "./fake-server";
import type { FakeStats, ReceivedBody, TokenQuery, TokenRecord } from "./records";

export class FakeFcmClient implements FakeFcmControl {
  private agent: https.Agent;

  constructor(
    private readonly url: string,
    ca: string,
  ) {
    this.agent = new https.Agent({ ca, keepAlive: true });
  }

  private call<T>(method: "GET" | "POST", path: string, input?: unknown): Promise<T> {
    const body = input === undefined ? undefined : JSON.stringify(input);
    return new Promise<T>((resolve, reject) => {
      const request = https.request(
        new URL(path, this.url),
        { method, agent: this.agent, headers: body ? { "content-type": "application/json" } : {} },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if (response.statusCode !== 200)
              reject(new Error(`fake FCM control ${path}: ${response.statusCode} ${text}`));
            else resolve(JSON.parse(text) as T);
          });
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  }

  async configure(behaviour: Partial<FakeBehaviour>) {
    await this.call("POST", "/__fake/configure", behaviour);
  }
  async reset() {
    await this.call("POST", "/__fake/reset", {});
  }
  stats() {
    return this.call<FakeStats>("GET", "/__fake/stats");
  }
  tokens(query: TokenQuery = {}) {
    return this.call<TokenRecord[]>("POST", "/__fake/tokens", query);
  }
  bodies(token?: string) {
    return this.call<ReceivedBody[]>("GET", `/__fake/bodies${token ? `?token=${encodeURIComponent(token)}` : ""}`);
  }

  // Closes the keep-alive connection to the fake.
  close() {
    this.agent.destroy();
  }
}
