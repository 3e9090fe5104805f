// The control API of the Huawei-style fakes (Huawei and Honor): its routes (POST /__fake/configure |
// reset | stats | tokens | bodies | expire-tokens) on the fake's side, and a typed client for a fake
// running in another process.
import { FakeControlClient, type ControlRoutes } from "../loopback-fake";
import type { FakeStats, ReceivedBody, TokenRecord } from "./records";

// What a test does to a Huawei-style fake, in-process or over /__fake/*.
export interface HuaweiStyleControl<Behaviour> {
  configure(behaviour: Partial<Behaviour>): Promise<void>;
  reset(): Promise<void>;
  stats(): Promise<FakeStats>;
  tokens(only?: string[]): Promise<TokenRecord[]>;
  bodies(): Promise<ReceivedBody[]>;
  // Every access token issued so far expires now.
  expireTokens(): Promise<void>;
}

// The control routes of a fake's control object.
export function huaweiStyleRoutes<Behaviour>(control: HuaweiStyleControl<Behaviour>): ControlRoutes {
  return {
    "POST /__fake/configure": (input) => control.configure(input as Partial<Behaviour>),
    "POST /__fake/reset": () => control.reset(),
    "POST /__fake/stats": () => control.stats(),
    "POST /__fake/tokens": (input) => control.tokens(input.tokens as string[] | undefined),
    "POST /__fake/bodies": () => control.bodies(),
    "POST /__fake/expire-tokens": () => control.expireTokens(),
  };
}

// Drives a Huawei-style fake running in another process.
export class HuaweiStyleControlClient<Behaviour> extends FakeControlClient implements HuaweiStyleControl<Behaviour> {
  async configure(behaviour: Partial<Behaviour>) {
    await this.call("POST /__fake/configure", behaviour);
  }
  async reset() {
    await this.call("POST /__fake/reset", {});
  }
  stats() {
    return this.call<FakeStats>("POST /__fake/stats", {});
  }
  tokens(only?: string[]) {
    return this.call<TokenRecord[]>("POST /__fake/tokens", only ? { tokens: only } : {});
  }
  bodies() {
    return this.call<ReceivedBody[]>("POST /__fake/bodies", {});
  }
  async expireTokens() {
    await this.call("POST /__fake/expire-tokens", {});
  }
}
