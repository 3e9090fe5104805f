// How the console names what the audit log records: an action code ("campaigns.submit"), a target
// type ("ProviderCredential"), a changed field ("quietHoursStart") and its values ("pending_approval",
// "(changed)") each map to a message, so neither language shows a raw code. The texts live in
// messages/<locale>/auditNames.json; values of enumerated fields reuse the enums' own messages.

// The messages namespace of the names.
export const auditNamesNamespace = "auditNames";

const code = /^[a-zA-Z]+\.[a-zA-Z]+$/;
const word = /^[a-zA-Z][a-zA-Z0-9_]*$/;

// The message key (under auditNames) of an action code, or null for a code of another shape.
export function actionMessageKey(action: string): string | null {
  return code.test(action) ? `actions.${action}` : null;
}

// The message key of a target type ("Campaign", "device").
export function targetMessageKey(targetType: string): string | null {
  return word.test(targetType) ? `targets.${targetType}` : null;
}

// The message key of a changed field's name.
export function fieldMessageKey(field: string): string | null {
  return word.test(field) ? `fields.${field}` : null;
}

// Where the names of an enumerated field's values are (full message paths, any namespace).
export const valueMessageGroups: Readonly<Record<string, string>> = {
  state: "campaigns.state",
  type: "campaigns.type",
  role: "roles",
  channel: "enums.channel",
  channels: "enums.channel",
  platform: "enums.platform",
  status: "enums.status",
  priority: "auditNames.priority",
  result: "auditNames.result",
};

// What the audit log writes instead of a secret's value, and the message naming each.
export const secretMarkers: Readonly<Record<string, string>> = {
  "(changed)": "secret.changed",
  "(set)": "secret.set",
  "(removed)": "secret.removed",
};

// A field name as words, for a field without its own message: "quietHoursStart" -> "Quiet hours start".
export function humanizeField(field: string): string {
  const words = field
    .replace(/_/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// Looks a message up by its full path ("campaigns.state.draft"): its text, or undefined when missing.
export type MessageLookup = (path: string) => string | undefined;

// One changed field as the log shows it: its name, and either a change (before -> after) or a value.
export type ChangeLine =
  | { field: string; label: string; kind: "change"; before: string; after: string }
  | { field: string; label: string; kind: "value"; value: string };

// Fields whose value is a list even when it has two items (not a before/after pair).
const listFields = new Set(["ids"]);

// The name of an action, in the lookup's language; a code without a name reads "Other change".
export function actionLabel(action: string, lookup: MessageLookup): string {
  const key = actionMessageKey(action);
  return (
    (key ? lookup(`${auditNamesNamespace}.${key}`) : undefined) ??
    lookup(`${auditNamesNamespace}.unknownAction`) ??
    action
  );
}

// The name of a target type.
export function targetLabel(targetType: string, lookup: MessageLookup): string {
  const key = targetMessageKey(targetType);
  return (key ? lookup(`${auditNamesNamespace}.${key}`) : undefined) ?? humanizeField(targetType);
}

// A target's id as shown: a push credential's id is its channel, named like everywhere else.
export function targetIdText(targetType: string, targetId: string, lookup: MessageLookup): string {
  if (targetType === "ProviderCredential" && /^[a-z]+$/.test(targetId))
    return lookup(`enums.channel.${targetId}`) ?? targetId;
  return targetId;
}

// The name of a changed field.
export function fieldLabel(field: string, lookup: MessageLookup): string {
  const key = fieldMessageKey(field);
  return (key ? lookup(`${auditNamesNamespace}.${key}`) : undefined) ?? humanizeField(field);
}

// One recorded value as words: enumerated values by their names, secrets by what happened to them,
// yes/no, numbers formatted; anything else as recorded.
export function valueText(
  field: string,
  value: unknown,
  lookup: MessageLookup,
  formatNumber: (n: number) => string = String,
): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return lookup(value ? "common.yes" : "common.no") ?? String(value);
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") {
    const marker = secretMarkers[value];
    if (marker) return lookup(`${auditNamesNamespace}.${marker}`) ?? value;
    const group = valueMessageGroups[field];
    return (group && /^[\w-]+$/.test(value) ? lookup(`${group}.${value}`) : undefined) ?? value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return "—";
    if (value.every((item) => item === null || ["string", "number", "boolean"].includes(typeof item)))
      return value.map((item) => valueText(field, item, lookup, formatNumber)).join(", ");
  }
  return JSON.stringify(value);
}

// An entry's diff ({ field: [before, after] } or { field: value }) as lines in the lookup's language.
export function changeLines(
  diff: unknown,
  lookup: MessageLookup,
  formatNumber: (n: number) => string = String,
): ChangeLine[] {
  if (diff === null || diff === undefined) return [];
  const entries: [string, unknown][] =
    typeof diff === "object" && !Array.isArray(diff)
      ? Object.entries(diff as Record<string, unknown>)
      : [["value", diff]];
  return entries.map(([field, value]) => {
    const label = fieldLabel(field, lookup);
    if (Array.isArray(value) && value.length === 2 && !listFields.has(field))
      return {
        field,
        label,
        kind: "change",
        before: valueText(field, value[0], lookup, formatNumber),
        after: valueText(field, value[1], lookup, formatNumber),
      };
    return { field, label, kind: "value", value: valueText(field, value, lookup, formatNumber) };
  });
}
