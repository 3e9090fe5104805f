// The fake MiPush's receipt mode: a push that named extra.callback gets its receipts posted there as
// MiPush does (dev.mi.com pId=1558 and pId=1559; VENDORS.md §3, §11 [MI-sdk; CSDN 108751167]): a form
// whose field `data` is JSON keyed by the message id, {param, type, targets, jobkey, barStatus,
// timestamp} per type asked for in extra.callback.type (a bitmask): 1 delivered (regids that arrived,
// not dropped by a cap or a repeated jobkey), 2 clicked (regids with the click prefix), 16 invalid
// target (regids the send silently dropped as invalid, and those with the dead prefix). Unsigned: MiPush
// documents no authentication of receipts.
import type { ReceiptModeConfig, ReceiptPost } from "../receipt-poster";

// Whether a regId that arrived gets a delivery receipt (type 1): mode on, the push named extra.callback and
// asked for type 1, not a dead regId.
export function xiaomiDeliveryReceipt(config: ReceiptModeConfig, fields: Record<string, string>, regId: string) {
  const types = Number(fields["extra.callback.type"] ?? 3);
  return config.enabled && !!fields["extra.callback"] && (types & 1) === 1 && !regId.startsWith(config.deadPrefix);
}

// The receipt requests for one accepted send.
export function xiaomiReceipts(
  config: ReceiptModeConfig,
  input: { messageId: string; fields: Record<string, string>; arrived: string[]; invalid: string[] },
): ReceiptPost[] {
  const url = input.fields["extra.callback"];
  if (!url) return [];
  const types = Number(input.fields["extra.callback.type"] ?? 3);
  const delivered = input.arrived.filter((regId) => !regId.startsWith(config.deadPrefix));
  const dead = [...input.invalid, ...input.arrived.filter((regId) => regId.startsWith(config.deadPrefix))];
  const groups: Array<[number, string[]]> = [
    [1, delivered],
    [2, delivered.filter((regId) => regId.startsWith(config.clickPrefix))],
    [16, dead],
  ];
  const posts: ReceiptPost[] = [];
  for (const [type, regIds] of groups) {
    if (!(types & type) || !regIds.length) continue;
    const entry = {
      param: input.fields["extra.callback.param"] ?? "",
      type,
      targets: regIds.join(","),
      jobkey: input.fields["extra.jobkey"] ?? "",
      barStatus: "Enable",
      timestamp: Date.now(),
    };
    const body = new URLSearchParams({ data: JSON.stringify({ [input.messageId]: entry }) }).toString();
    posts.push({ url, headers: { "content-type": "application/x-www-form-urlencoded" }, body });
  }
  return posts;
}
