// Control characters in text input: NUL (which PostgreSQL cannot store in text or jsonb, so it used to
// end in a 500) and the other C0 controls and DEL, which no name, tag, token or message needs.
// Tab, line feed and carriage return stay allowed (multi-line message bodies). Isomorphic.

export const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

// The paths ("variants.0.content.en.title", "" for the value itself) of the strings, and object keys,
// under `value` that hold a control character; at most `limit` of them.
export function controlCharacterPaths(value: unknown, limit = 20): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (found.length >= limit) return;
    if (typeof node === "string") {
      if (controlCharacter.test(node)) found.push(path.join("."));
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, [...path, String(index)]));
      return;
    }
    if (node && typeof node === "object") {
      for (const [key, item] of Object.entries(node)) {
        if (controlCharacter.test(key)) {
          if (found.length < limit) found.push([...path, key].join("."));
          continue;
        }
        walk(item, [...path, key]);
      }
    }
  };
  walk(value, []);
  return found;
}
