// The setup the vendor providers' contract suites share (tests/integration/<vendor>-provider.test.ts):
// a loopback fake started once per suite and reset after each test, the providers a test built closed
// after it, process-wide caches cleared, and builders of the messages and batches a provider is sent.
import { afterAll, afterEach, beforeAll } from "vitest";
import type {
  DeliveryOptions,
  OutgoingBatch,
  OutgoingMessage,
  PushProvider,
  RenderedContent,
  SendResult,
} from "@/server/dispatch/providers/types";

// A suite's fake and the providers it built.
export interface ContractSuite<Fake> {
  // The running fake (started before the suite's first test).
  readonly fake: Fake;
  // Registers a provider to close after the test, and hands it back.
  track<P extends PushProvider>(provider: P): P;
}

// Starts the fake with `start` before the suite; after each test closes the tracked providers, resets
// the fake and runs `clear` (process-wide token or quota caches); closes the fake after the suite.
export function contractSuite<Fake extends { reset(): unknown; close(): Promise<void> }>(
  start: () => Promise<Fake>,
  clear: Array<() => void> = [],
): ContractSuite<Fake> {
  let fake: Fake | undefined;
  const providers: PushProvider[] = [];
  beforeAll(async () => {
    fake = await start();
  });
  afterEach(async () => {
    await Promise.all(providers.splice(0).map((provider) => provider.close()));
    await fake?.reset();
    for (const step of clear) step();
  });
  afterAll(async () => {
    await fake?.close();
  });
  return {
    get fake() {
      if (!fake) throw new Error("the fake starts in beforeAll");
      return fake;
    },
    track(provider) {
      providers.push(provider);
      return provider;
    },
  };
}

// What the messages of a suite share.
export interface MessageDefaults {
  // The first delivery id (message i gets firstDeliveryId + i).
  firstDeliveryId: number;
  campaignId: string;
  variantKey: string | null;
  locale: string | null;
  content: RenderedContent;
}

// A builder of the suite's messages: message `index` to `token`, with the default or its own content.
export function messageBuilder(defaults: MessageDefaults) {
  return (token: string | null, index: number, content: RenderedContent = defaults.content): OutgoingMessage => ({
    deliveryId: String(defaults.firstDeliveryId + index),
    deviceId: `device-${index}`,
    installationId: `install-${index}`,
    platform: "android",
    token,
    campaignId: defaults.campaignId,
    variantKey: defaults.variantKey,
    locale: defaults.locale,
    content,
  });
}

// A batch of `messages` for app-1, with the suite's options and a test's own.
export function batchOf(
  campaignId: string,
  options: DeliveryOptions,
  messages: OutgoingMessage[],
  extra: Partial<DeliveryOptions> = {},
): OutgoingBatch {
  return { appId: "app-1", campaignId, options: { ...options, ...extra }, messages };
}

// The outcome of each result.
export const outcomes = (results: SendResult[]) => results.map((result) => result.outcome);
// The error code of each result (null when sent).
export const codes = (results: SendResult[]) =>
  results.map((result) => ("errorCode" in result ? result.errorCode : null));
// Results by delivery id.
export const byDelivery = (results: SendResult[]) =>
  Object.fromEntries(results.map((result) => [result.deliveryId, result]));
