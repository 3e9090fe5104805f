// Both languages have the same messages: every key in messages/en exists in messages/zh-CN and the
// other way round, and no Chinese text is an English sentence copied over. Also: one name per channel
// wherever a message names the channels (enums.json holds the names; other maps must agree).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { channels } from "@/lib/channels";
import { brandWords } from "../support/untranslated";

type Tree = Record<string, unknown>;
const root = path.join(import.meta.dirname, "../../messages");

function load(locale: string): Tree {
  const out: Tree = {};
  for (const file of readdirSync(path.join(root, locale))
    .filter((f) => f.endsWith(".json"))
    .sort())
    out[file.replace(/\.json$/, "")] = JSON.parse(readFileSync(path.join(root, locale, file), "utf8"));
  return out;
}

function leaves(tree: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (tree && typeof tree === "object")
    for (const [key, value] of Object.entries(tree as Tree)) {
      const at = prefix ? `${prefix}.${key}` : key;
      if (typeof value === "string") out.set(at, value);
      else for (const [k, v] of leaves(value, at)) out.set(k, v);
    }
  return out;
}

const en = load("en");
const zh = load("zh-CN");
const enLeaves = leaves(en);
const zhLeaves = leaves(zh);

// Texts the same in both languages on purpose: a vendor console's own field labels, example tags.
const sameInBoth = new Set(["Account SID", "Master Secret", "sports, vip"]);

// English that may stand unchanged in Chinese text: product names, placeholders, plural syntax.
function englishWords(text: string): string[] {
  let rest = text
    .replace(/\{[^{}]*\}/g, " ")
    .replace(/\{[^{}]*\{[^{}]*\}[^{}]*\}/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\bhttps?:\/\/\S+/g, " ")
    .replace(/[\w.+-]+@[\w.-]+/g, " ")
    .replace(/`[^`]*`/g, " ");
  for (const word of [...brandWords].sort((a, b) => b.length - a.length))
    rest = rest.replace(new RegExp(`(?<![A-Za-z])${word.replace(/[/.]/g, "\\$&")}(?![A-Za-z])`, "g"), " ");
  return rest.match(/[A-Za-z]{3,}/g) ?? [];
}

describe("messages in both languages", () => {
  it("every English key has a Chinese message", () => {
    expect([...enLeaves.keys()].filter((key) => !zhLeaves.has(key))).toEqual([]);
  });

  it("every Chinese key has an English message", () => {
    expect([...zhLeaves.keys()].filter((key) => !enLeaves.has(key))).toEqual([]);
  });

  it("no Chinese message is a copy of a longer English one", () => {
    const copied = [...zhLeaves].filter(
      ([key, value]) => value === enLeaves.get(key) && !sameInBoth.has(value) && englishWords(value).length >= 2,
    );
    expect(copied.map(([key, value]) => `${key}: ${value}`)).toEqual([]);
  });

  it("finds a missing Chinese key and an English copy (the check itself)", () => {
    const a = leaves({ x: { y: "Hello there", z: "FCM" } });
    const b = leaves({ x: { y: "Hello there" } });
    expect([...a.keys()].filter((key) => !b.has(key))).toEqual(["x.z"]);
    expect(englishWords("Hello there")).toHaveLength(2);
    expect(englishWords("FCM 与 APNs 凭据 {count}")).toEqual([]);
  });
});

describe("one name per channel and platform", () => {
  // The SMS credential card is headed by the feature it sets up ("SMS signalling"), not the channel.
  const featureTitles = new Set(["apps.credentials.sms"]);
  // Every map in the messages keyed by channel (or platform) ids, its values or their "name", e.g. devices.channel.
  function channelMaps(tree: Tree, ids: string[]): Map<string, Map<string, string>> {
    const out = new Map<string, Map<string, string>>();
    const walk = (node: unknown, at: string) => {
      if (!node || typeof node !== "object") return;
      const entries = Object.entries(node as Tree);
      const named = new Map<string, string>();
      for (const [key, value] of entries) {
        if (!ids.includes(key) || featureTitles.has(`${at}.${key}`)) continue;
        if (typeof value === "string") named.set(key, value);
        else if (value && typeof value === "object" && typeof (value as Tree).name === "string")
          named.set(key, (value as Tree).name as string);
      }
      // Maps keyed by phone makers share some ids with the channels but name the makers.
      if (named.size >= 3 && !at.endsWith("maker")) out.set(at, named);
      for (const [key, value] of entries) walk(value, at ? `${at}.${key}` : key);
    };
    walk(tree, "");
    return out;
  }

  for (const [locale, tree] of [
    ["en", en],
    ["zh-CN", zh],
  ] as const) {
    for (const group of ["channel", "platform"] as const)
      it(`${locale}: every list of ${group}s names them as enums.${group} does`, () => {
        const names = (tree.enums as Tree)[group] as Record<string, string>;
        const differing: string[] = [];
        for (const [at, map] of channelMaps(tree, Object.keys(names)))
          for (const [id, name] of map)
            if (names[id] !== name) differing.push(`${at}.${id}: "${name}" ≠ "${names[id]}"`);
        expect(differing).toEqual([]);
      });
  }

  it("the channel descriptions carry the English names", () => {
    const names = (en.enums as Tree).channel as Record<string, string>;
    expect(channels.filter((c) => c.name !== names[c.id]).map((c) => `${c.id}: ${c.name} ≠ ${names[c.id]}`)).toEqual(
      [],
    );
  });
});
