// Splits a batch for a vendor whose one request carries one message to many tokens (Huawei, Honor):
// devices that got the same rendered content (variant and locale) share a request; a token listed
// twice is sent once (Huawei: a repeated token gets the message twice) and both deliveries share
// its outcome; a device without a token is answered at once.
import type { OutgoingBatch, OutgoingMessage, RenderedContent, SendResult } from "../types";

// Devices that get one request: the content, its distinct tokens, and which messages each token serves.
export interface TokenGroup {
  content: RenderedContent;
  tokens: string[];
  indexes: Map<string, number[]>;
}

export interface SplitBatch {
  groups: TokenGroup[];
  // Results already known (no token), by index into batch.messages; the rest are left undefined.
  results: Array<SendResult | undefined>;
}

// Groups the batch's messages by content object, in batch order, at most `maxTokens` tokens a group.
export function splitByContent(batch: OutgoingBatch, maxTokens: number): SplitBatch {
  const results: Array<SendResult | undefined> = new Array(batch.messages.length);
  const open = new Map<RenderedContent, TokenGroup>();
  const groups: TokenGroup[] = [];
  batch.messages.forEach((message: OutgoingMessage, index) => {
    if (!message.token) {
      results[index] = { deliveryId: message.deliveryId, outcome: "invalid_token", errorCode: "MISSING_TOKEN" };
      return;
    }
    let group = open.get(message.content);
    const known = group?.indexes.get(message.token);
    if (known) return void known.push(index);
    if (!group || group.tokens.length >= maxTokens) {
      group = { content: message.content, tokens: [], indexes: new Map() };
      open.set(message.content, group);
      groups.push(group);
    }
    group.tokens.push(message.token);
    group.indexes.set(message.token, [index]);
  });
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
