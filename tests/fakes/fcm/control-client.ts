// Drives a fake FCM server running in another process through its control API (HTTPS, /__fake/*).
import { FakeControlClient } from "../loopback-fake";
import type { FakeBehaviour } from "./behaviour";
import type { FakeFcmControl } from "./fake-server";
import type { FakeStats, ReceivedBody, TokenQuery, TokenRecord } from "./records";

export class FakeFcmClient extends FakeControlClient implements FakeFcmControl {
  async configure(behaviour: Partial<FakeBehaviour>) {
    await this.call("POST /__fake/configure", behaviour);
  }
  async reset() {
    await this.call("POST /__fake/reset", {});
  }
  stats() {
    return this.call<FakeStats>("GET /__fake/stats");
  }
  tokens(query: TokenQuery = {}) {
    return this.call<TokenRecord[]>("POST /__fake/tokens", query);
  }
  bodies(token?: string) {
    return this.call<ReceivedBody[]>("GET /__fake/bodies", token ? { token } : undefined);
  }
}
