// Splits a batch for the vendors whose one request carries one message to many tokens (Huawei, Honor,
// Xiaomi, vivo, JPush): devices that got the same rendered content (variant and locale) share a
// request, in batch order; a device without a token (or with one the vendor could not take) is
// answered at once.
import type { OutgoingBatch, OutgoingMessage, RenderedContent, SendResult } from "./types";

// A message that has a token, and its index in the batch.
export interface AddressedMessage {
  index: number;
  message: OutgoingMessage & { token: string };
}

// Messages with one content.
export interface ContentGroup {
  content: RenderedContent;
  items: AddressedMessage[];
}

export interface GroupedBatch {
  groups: ContentGroup[];
  // Results already known (no token, malformed token), by index into batch.messages; the rest undefined.
  results: Array<SendResult | undefined>;
}

// Groups the batch's messages by content object; `malformed` refuses tokens the vendor could not take.
export function groupByContent(batch: OutgoingBatch, malformed?: (token: string) => boolean): GroupedBatch {
  const results: Array<SendResult | undefined> = new Array(batch.messages.length);
  const byContent = new Map<RenderedContent, ContentGroup>();
  batch.messages.forEach((message, index) => {
    const { deliveryId, token } = message;
    if (token && malformed?.(token))
      return void (results[index] = { deliveryId, outcome: "invalid_token", errorCode: "MALFORMED_TOKEN" });
    if (!token) return void (results[index] = { deliveryId, outcome: "invalid_token", errorCode: "MISSING_TOKEN" });
    let group = byContent.get(message.content);
    if (!group) byContent.set(message.content, (group = { content: message.content, items: [] }));
    group.items.push({ index, message: { ...message, token } });
  });
  return { groups: [...byContent.values()], results };
}

// Devices that get one request: the content, its distinct tokens, and which messages each token serves.
export interface TokenGroup {
  content: RenderedContent;
  tokens: string[];
  indexes: Map<string, number[]>;
}

// Content groups cut to at most `maxTokens` distinct tokens a request. A token listed twice is sent once
// (Huawei: a repeated token gets the message twice) and both deliveries share its outcome.
export function splitByContent(
  batch: OutgoingBatch,
  maxTokens: number,
): { groups: TokenGroup[]; results: Array<SendResult | undefined> } {
  const { groups: byContent, results } = groupByContent(batch);
  const items = byContent.flatMap((group) => group.items).sort((a, b) => a.index - b.index);
  // The open request of each content, in the order the batch first fills them.
  const open = new Map<RenderedContent, TokenGroup>();
  const groups: TokenGroup[] = [];
  for (const { index, message } of items) {
    let group = open.get(message.content);
    const known = group?.indexes.get(message.token);
    if (known) {
      known.push(index);
      continue;
    }
    if (!group || group.tokens.length >= maxTokens) {
      open.set(message.content, (group = { content: message.content, tokens: [], indexes: new Map() }));
      groups.push(group);
    }
    group.tokens.push(message.token);
    group.indexes.set(message.token, [index]);
  }
  return { groups, results };
}

// Gives every message of `group` the result `outcome(token)` returns for its token.
export function settleGroup(
  batch: OutgoingBatch,
  group: TokenGroup,
  results: Array<SendResult | undefined>,
  outcome: (token: string, deliveryId: string) => SendResult,
) {
  for (const [token, indexes] of group.indexes)
    for (const index of indexes) results[index] = outcome(token, batch.messages[index]!.deliveryId);
}
