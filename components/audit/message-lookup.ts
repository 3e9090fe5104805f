// A lookup of any message by its full path in the request's language, for lib/audit/labels.ts.
import { getTranslations } from "next-intl/server";
import type { MessageLookup } from "@/lib/audit/labels";

export async function messageLookup(): Promise<MessageLookup> {
  const t = await getTranslations();
  return (path) => (t.has(path) ? t(path) : undefined);
}
