// Text helpers of the phone makers' message builders (Xiaomi, OPPO): a stable notification id, and
// cutting a text to a vendor's length limit counted as the vendors count.

// A 31-bit notification id from a text (a collapse key or campaign id): same text, same id, so a
// later push with it replaces the shown one (Xiaomi notify_id, OPPO notify_id).
export function notifyIdOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0) & 0x7fffffff;
}

// Cuts a text to at most `max` characters (code points: the vendors count a Chinese character or an
// emoji as one), marking the cut with an ellipsis.
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
