// Drives a Huawei-style fake running in another process through its control API (/__fake/*).
import https from "node:https";
import type { FakeStats, ReceivedBody, TokenRecord } from "./records";

export class FakeControlClient<Behaviour> {
  private agent: https.Agent;

  constructor(
    private readonly url: string,
    ca: string,
  ) {
    this.agent = new https.Agent({ ca, keepAlive: true });
  }

  private call<T>(route: string, input: unknown = {}): Promise<T> {
    const body = JSON.stringify(input);
    return new Promise<T>((resolve, reject) => {
      const request = https.request(
        new URL(`/__fake/${route}`, this.url),
        { method: "POST", agent: this.agent, headers: { "content-type": "application/json" } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if (response.statusCode !== 200) reject(new Error(`fake control ${route}: ${response.statusCode} ${text}`));
            else resolve(JSON.parse(text) as T);
          });
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  }

  async configure(behaviour: Partial<Behaviour>) {
    await this.call("configure", behaviour);
  }
  async reset() {
    await this.call("reset");
  }
  stats() {
    return this.call<FakeStats>("stats");
  }
  tokens(only?: string[]) {
    return this.call<TokenRecord[]>("tokens", only ? { tokens: only } : {});
  }
  bodies() {
    return this.call<ReceivedBody[]>("bodies");
  }
  async expireTokens() {
    await this.call("expire-tokens");
  }

  // Closes the keep-alive connection to the fake.
  close() {
    this.agent.destroy();
  }
}
