import { describe, expect, it } from "vitest";
import { countSegments, isGsm7 } from "@/lib/sms/segments";

describe("countSegments: GSM-7", () => {
  it("counts an empty text as no segment", () => {
    expect(countSegments("")).toMatchObject({ encoding: "GSM-7", units: 0, segments: 0 });
  });

  it("fits 160 basic characters in one segment and needs two for 161", () => {
    expect(countSegments("a".repeat(160))).toEqual({ encoding: "GSM-7", units: 160, segments: 1, perSegment: 160 });
    expect(countSegments("a".repeat(161))).toEqual({ encoding: "GSM-7", units: 161, segments: 2, perSegment: 153 });
  });

  it("uses 153 septets per part of a long message", () => {
    expect(countSegments("a".repeat(306)).segments).toBe(2);
    expect(countSegments("a".repeat(307)).segments).toBe(3);
    expect(countSegments("a".repeat(459)).segments).toBe(3);
    expect(countSegments("a".repeat(460)).segments).toBe(4);
  });

  it("accepts the basic table's accented letters and symbols as GSM-7", () => {
    const text = "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\n\r";
    expect(isGsm7(text)).toBe(true);
    expect(countSegments(text).units).toBe([...text].length);
  });

  it("counts extension characters (escape + character) as two septets", () => {
    for (const char of ["€", "[", "]", "{", "}", "\\", "^", "~", "|", "\f"]) {
      expect(countSegments(char)).toMatchObject({ encoding: "GSM-7", units: 2, segments: 1 });
    }
    // 158 + one escape pair = 160: still one segment; 159 + one pair = 161: two.
    expect(countSegments(`${"a".repeat(158)}€`)).toMatchObject({ units: 160, segments: 1 });
    expect(countSegments(`${"a".repeat(159)}€`)).toMatchObject({ units: 161, segments: 2 });
  });

  it("never splits an escape pair across parts", () => {
    // 152 + pair would straddle 153: the pair moves to part two, whose 153 then overflow by one.
    const text = `${"a".repeat(152)}€${"a".repeat(152)}`;
    expect(countSegments(text).units).toBe(306);
    expect(countSegments(text).segments).toBe(3);
    // Same length without the straddle fits two parts.
    expect(countSegments(`${"a".repeat(151)}€${"a".repeat(153)}`).segments).toBe(2);
  });

  it("switches to UCS-2 for a single character outside the alphabet", () => {
    expect(isGsm7("Price: 5 ç")).toBe(false); // ç (lower case) is not in GSM 03.38, only Ç
    expect(countSegments("Price: 5 ç").encoding).toBe("UCS-2");
    expect(countSegments("`").encoding).toBe("UCS-2");
  });
});

describe("countSegments: UCS-2", () => {
  it("fits 70 Chinese characters in one segment and needs two for 71", () => {
    expect(countSegments("新".repeat(70))).toEqual({ encoding: "UCS-2", units: 70, segments: 1, perSegment: 70 });
    expect(countSegments("新".repeat(71))).toEqual({ encoding: "UCS-2", units: 71, segments: 2, perSegment: 67 });
    expect(countSegments("新".repeat(134)).segments).toBe(2);
    expect(countSegments("新".repeat(135)).segments).toBe(3);
  });

  it("counts an emoji as two UTF-16 units", () => {
    expect(countSegments("😀")).toMatchObject({ encoding: "UCS-2", units: 2, segments: 1 });
    expect(countSegments(`${"a".repeat(68)}😀`)).toMatchObject({ units: 70, segments: 1 });
    expect(countSegments(`${"a".repeat(69)}😀`)).toMatchObject({ units: 71, segments: 2 });
  });

  it("never splits an emoji at a part boundary", () => {
    // 66 units then an emoji: it would take units 67-68, so it opens part two; 66 + 2 + 66 = 134 units
    // would fit two parts if split, but needs three.
    const straddle = `${"新".repeat(66)}😀${"新".repeat(66)}`;
    expect(countSegments(straddle)).toMatchObject({ units: 134, segments: 3 });
    const aligned = `${"新".repeat(65)}😀${"新".repeat(67)}`;
    expect(countSegments(aligned)).toMatchObject({ units: 134, segments: 2 });
  });

  it("mixes a Chinese signal with a GSM code in UCS-2", () => {
    const text = "您有一条新消息，请打开应用查看。消息码：000000000000";
    expect(countSegments(text)).toMatchObject({ encoding: "UCS-2", units: text.length, segments: 1 });
  });
});
