// How many SMS segments a text takes, as carriers count them (3GPP TS 23.038 alphabets, TS 23.040
// concatenation): a text that fits the GSM 7-bit default alphabet (basic table, plus the extension
// table whose characters take an escape and so count two) is sent in GSM-7, 160 septets alone or 153
// per part of a concatenated message (the user data header takes the rest); anything else is sent in
// UCS-2, 70 UTF-16 code units alone or 67 per part. An escape pair or a surrogate pair (emoji) is
// never split between two parts, so a part may carry one unit less than its room.

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SmsSegments {
  encoding: SmsEncoding;
  // Septets (GSM-7) or UTF-16 code units (UCS-2) of the whole text.
  units: number;
  segments: number;
  // Room per segment for this text's length: 160/153 or 70/67.
  perSegment: number;
}

// GSM 03.38 basic character set (the escape itself, 0x1B, is not a character of a text).
const basic = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
// The extension table's characters: each is sent as escape + character, two septets.
const extension = new Set("\f^{}\\[~]|€");

export const GSM_SINGLE = 160;
export const GSM_PART = 153;
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;

// Septets of one character in GSM-7, or null when it is not in the alphabet.
function septets(char: string): 1 | 2 | null {
  if (basic.has(char)) return 1;
  if (extension.has(char)) return 2;
  return null;
}

// Whether the whole text can go out in GSM-7.
export function isGsm7(text: string): boolean {
  for (const char of text) if (septets(char) === null) return false;
  return true;
}

// Parts needed for units of the given sizes when none may be split, `room` units per part.
function packParts(sizes: number[], room: number): number {
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > room) {
      parts += 1;
      used = 0;
    }
    used += size;
  }
  return parts;
}

export function countSegments(text: string): SmsSegments {
  const chars = [...text];
  if (isGsm7(text)) {
    const sizes = chars.map((char) => septets(char)!);
    const units = sizes.reduce((sum, size) => sum + size, 0);
    if (units <= GSM_SINGLE) return { encoding: "GSM-7", units, segments: units ? 1 : 0, perSegment: GSM_SINGLE };
    return { encoding: "GSM-7", units, segments: packParts(sizes, GSM_PART), perSegment: GSM_PART };
  }
  // for..of walks code points: an astral character (emoji) is one entry of two UTF-16 units.
  const sizes = chars.map((char) => char.length);
  const units = text.length;
  if (units <= UCS2_SINGLE) return { encoding: "UCS-2", units, segments: 1, perSegment: UCS2_SINGLE };
  return { encoding: "UCS-2", units, segments: packParts(sizes, UCS2_PART), perSegment: UCS2_PART };
}
