// How the campaign actions' refusals read (keys under "campaigns" or "templates"), for useActionResultText.
import type { ResultTextRules } from "@/components/forms/result-text";

// Lifecycle actions (submit, approve, pause...) and the audience recount: refusals the server names
// with a code and field errors have their own messages; anything else falls back to the server's words.
// `channelName` names a channel in the user's language (the over-limits refusal lists them).
export function lifecycleResultRules(appName: string, channelName?: (channel: string) => string): ResultTextRules {
  return {
    first(result, t) {
      const fields = result.fieldErrors ?? {};
      if (fields.confirmAppName) return t("errors.confirmAppName", { app: appName });
      if (result.code === "over_channel_limits") {
        const channels = (fields["campaign.channels"] ?? []).map((c) => (channelName ? channelName(c) : c));
        return t("errors.overChannelLimits", { channels: channels.join(", ") });
      }
      if (fields["campaign.expression"])
        return result.code === "no_audience" ? t("errors.noAudience") : t("errors.expression");
      if (Object.keys(fields).some((key) => key.startsWith("schedule."))) return t("errors.schedule");
      if (fields.reason) return t("errors.reason");
      return undefined;
    },
    status: {
      401: "errors.signedOut",
      403: (result) => (result.code === "same_person" ? "errors.samePerson" : "errors.forbidden"),
      404: "errors.notFound",
      409: (result) => (result.code === "conflict" ? "errors.conflict" : "errors.invalidTransition"),
    },
    serverWords: true,
  };
}

// Template and duplicate actions (namespace "templates"): the name field speaks for itself.
export const templateResultRules: ResultTextRules = {
  first: (result) => (result.fieldErrors?.name ? null : undefined),
  status: { 401: "errors.signedOut", 403: "errors.forbidden", 404: "errors.notFound", 409: "errors.conflict" },
  serverWords: true,
};

// The composer's save: field problems point at the fields; conflicts, missing rights and the rest
// get a sentence of their own.
export const composerResultRules: ResultTextRules = {
  fixFields: "composer.errors.fixFields",
  status: {
    401: "errors.signedOut",
    403: "composer.errors.forbidden",
    404: "errors.notFound",
    409: (result) => {
      if (result.message.startsWith("Someone else changed")) return "errors.conflict";
      if (result.message.includes("already used")) return "composer.errors.formUsed";
      return "composer.errors.notEditable";
    },
  },
};
