// The vivo Push channel (vivo server API v2.9.2; facts per file header in auth.ts, client.ts, codes.ts,
// message.ts). No well-kept Node server client exists for vivo, so Node's own https is used. A batch is
// grouped by rendered content: a group of two or more devices goes out as one list push (saveListPayload
// -> taskId, then pushToList with up to 1000 regIds, bad ones coming back in invalidUsers), a lone device
// by single send (/message/send). After 10252 (list payloads spent for the day) the app's providers send one
// by one until midnight in China; after 10070 (the app's daily total) they send nothing more until then (quota.ts).
import { vivoChannel, type VivoSecret } from "@/lib/channels/vivo";
import {
  ProviderConfigurationError,
  type OutgoingBatch,
  type ProviderCredentialInput,
  type ProviderFactory,
  type PushProvider,
  type SendResult,
  assertSendable,
} from "../types";
import { groupByContent, type AddressedMessage } from "../content-groups";
import { VendorNetworkError } from "../vendor-https";
import { VivoAuthError } from "./auth";
import { VivoClient, type VivoReply } from "./client";
import { invalidUserIsDead } from "./codes";
import { customMapLength, vivoContent, vivoCustomMapMax, vivoRequestId } from "./message";
import { VivoQuota } from "./quota";
import { vivoSettings, type VivoSettings } from "./settings";

// Most regIds per pushToList (and so per send() call).
export const vivoMaxBatch = 1000;

type Item = AddressedMessage;

// Builds a vivo provider for one app's credential; `settings` carry the endpoint and knobs.
export function createVivoProvider(
  credential: ProviderCredentialInput<VivoSecret>,
  overrides: Partial<VivoSettings> = {},
): PushProvider {
  const settings = vivoSettings(overrides);
  const client = new VivoClient(credential.secret, settings);
  const quota = new VivoQuota(`${settings.endpoint.baseUrl}|${credential.secret.appId}`);
  let closed = false;

  // The result for a reply that is not a success, or null for one that is.
  function failure(reply: VivoReply, deliveryId: string, list: boolean): SendResult | null {
    if (reply.kind === "http") {
      const errorCode = `HTTP_${reply.status}`;
      if (reply.status >= 500 || reply.status === 429 || reply.status === 200 || reply.status === 0)
        return {
          deliveryId,
          outcome: "retry",
          errorCode,
          ...(reply.retryAfterMs ? { retryAfterMs: reply.retryAfterMs } : {}),
        };
      return { deliveryId, outcome: "failed", errorCode };
    }
    const errorCode = `VIVO_${reply.result}`;
    switch (reply.verdict) {
      case "ok":
        return null;
      case "configuration":
        throw new ProviderConfigurationError(
          errorCode,
          `vivo refused the app's configuration (${reply.result}): ${reply.desc}`,
        );
      case "invalid":
        return { deliveryId, outcome: list ? "failed" : "invalid_token", errorCode };
      case "daily_total":
        quota.spendTotal();
        return { deliveryId, outcome: "retry", errorCode, retryAfterMs: quota.waitMs, quota: true };
      case "auth":
      case "retry":
      case "list_limit":
        return { deliveryId, outcome: "retry", errorCode };
      default:
        return { deliveryId, outcome: "failed", errorCode };
    }
  }

  const spent = (deliveryId: string): SendResult => ({
    deliveryId,
    outcome: "retry",
    errorCode: "VIVO_10070",
    retryAfterMs: quota.waitMs,
    quota: true,
  });
  const lost = (deliveryId: string, error: unknown): SendResult => {
    if (error instanceof VendorNetworkError) return { deliveryId, outcome: "retry", errorCode: error.code };
    if (error instanceof VivoAuthError) return { deliveryId, outcome: "retry", errorCode: `VIVO_AUTH_${error.code}` };
    throw error;
  };

  async function single(item: Item, batch: OutgoingBatch, results: SendResult[]) {
    const { deliveryId, token } = item.message;
    if (quota.totalSpent) return void (results[item.index] = spent(deliveryId));
    if (batch.signal?.aborted)
      return void (results[item.index] = { deliveryId, outcome: "retry", errorCode: "aborted" });
    const ids = { campaignId: batch.campaignId, deliveryId };
    const content = vivoContent(
      item.message.content,
      batch.options,
      ids,
      settings.categories,
      settings.pushMode,
      settings.callbackUrl,
    );
    if (customMapLength(content.clientCustomMap) > vivoCustomMapMax)
      return void (results[item.index] = { deliveryId, outcome: "failed", errorCode: "PAYLOAD_TOO_LARGE" });
    try {
      const body = { regId: token, ...content, requestId: vivoRequestId(deliveryId) };
      const reply = await client.call("/message/send", body, batch.signal);
      const taskId = reply.kind === "answer" ? reply.body.taskId : undefined;
      results[item.index] = failure(reply, deliveryId, false) ?? {
        deliveryId,
        outcome: "sent",
        ...(typeof taskId === "string" || typeof taskId === "number" ? { providerMessageId: String(taskId) } : {}),
      };
    } catch (error) {
      results[item.index] = lost(deliveryId, error);
    }
  }

  async function singles(items: Item[], batch: OutgoingBatch, results: SendResult[]) {
    let next = 0;
    const worker = async () => {
      while (next < items.length) await single(items[next++]!, batch, results);
    };
    await Promise.all(Array.from({ length: Math.min(settings.singleConcurrency, items.length) }, worker));
  }

  // A list push of one content to the group; falls back to singles when the day's list payloads are spent.
  async function list(items: Item[], batch: OutgoingBatch, results: SendResult[]) {
    if (quota.totalSpent) return items.forEach((item) => (results[item.index] = spent(item.message.deliveryId)));
    const first = items[0]!.message;
    const content = vivoContent(
      first.content,
      batch.options,
      { campaignId: batch.campaignId, deliveryId: null },
      settings.categories,
      settings.pushMode,
      settings.callbackUrl,
    );
    const setAll = (make: (deliveryId: string) => SendResult) =>
      items.forEach((item) => (results[item.index] = make(item.message.deliveryId)));
    if (customMapLength(content.clientCustomMap) > vivoCustomMapMax)
      return setAll((deliveryId) => ({ deliveryId, outcome: "failed", errorCode: "PAYLOAD_TOO_LARGE" }));
    try {
      const saved = await client.call(
        "/message/saveListPayload",
        { ...content, requestId: vivoRequestId(null) },
        batch.signal,
      );
      if (saved.kind === "answer" && saved.verdict === "list_limit") {
        quota.spendLists();
        return await singles(items, batch, results);
      }
      const taskId = saved.kind === "answer" ? saved.body.taskId : undefined;
      if (failure(saved, "", true) || (typeof taskId !== "string" && typeof taskId !== "number"))
        return setAll(
          (deliveryId) =>
            failure(saved, deliveryId, true) ?? { deliveryId, outcome: "retry", errorCode: "VIVO_NO_TASK" },
        );
      const regIds = items.map((item) => item.message.token);
      const body = { regIds, taskId: String(taskId), requestId: vivoRequestId(null) };
      const pushed = await client.call("/message/pushToList", body, batch.signal);
      if (failure(pushed, "", true)) return setAll((deliveryId) => failure(pushed, deliveryId, true)!);
      const invalid = new Map<string, number>();
      const users = pushed.kind === "answer" && Array.isArray(pushed.body.invalidUsers) ? pushed.body.invalidUsers : [];
      for (const user of users as Array<{ status?: unknown; userid?: unknown }>)
        if (typeof user?.userid === "string") invalid.set(user.userid, Number(user.status));
      for (const item of items) {
        const { deliveryId, token } = item.message;
        const status = invalid.get(token);
        results[item.index] =
          status === undefined
            ? { deliveryId, outcome: "sent", providerMessageId: String(taskId) }
            : {
                deliveryId,
                outcome: invalidUserIsDead(status) ? "invalid_token" : "failed",
                errorCode: `VIVO_USER_${status}`,
              };
      }
    } catch (error) {
      setAll((deliveryId) => lost(deliveryId, error));
    }
  }

  async function send(batch: OutgoingBatch): Promise<SendResult[]> {
    assertSendable("vivo", closed, batch, vivoMaxBatch);
    const grouped = groupByContent(batch);
    const results = grouped.results as SendResult[];
    const lone: Item[] = [];
    const lists: Item[][] = [];
    const listsOpen = !quota.listsSpent;
    for (const { items: group } of grouped.groups) {
      if (group.length >= 2 && listsOpen) lists.push(group);
      else lone.push(...group);
    }
    for (const group of lists) await list(group, batch, results);
    await singles(lone, batch, results);
    return results;
  }

  return {
    channel: credential.channel,
    limits: { maxBatch: vivoMaxBatch, concurrency: settings.concurrency, maxPayloadBytes: vivoChannel.payloadBytes },
    send,
    async close() {
      if (closed) return;
      closed = true;
      client.close();
    },
  };
}

createVivoProvider satisfies ProviderFactory<VivoSecret>;
