// Validation of one OPPO Push message (the JSON of unicast's `message` or one item of unicast_batch's
// `messages`) as OPPO documents it (developmentDoc 11236 单点推送; meetleev/go-multipush oppo/types.go;
// the 2024-11-20 classification rules): the first problem as OPPO's code and message, or null.
import { charLength } from "../loopback-fake";

export interface OppoProblem {
  code: number;
  message: string;
}

export const serviceCategories = ["IM", "ACCOUNT", "DEVICE_REMINDER", "ORDER", "TODO", "SUBSCRIPTION"];
export const marketingCategories = ["NEWS", "CONTENT", "MARKETING", "SOCIAL"];
const notifyLevels = [1, 2, 16];
const clickTypes = [0, 1, 2, 4, 5];

// The app facts a message is checked against.
export interface OppoMessageRules {
  privateChannelIds: string[];
  // notify_level 16 (banner) is a right OPPO grants per app.
  bannerRight: boolean;
  // Since 2024-11-20 every message names its category.
  requireCategory: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const args = (message: string): OppoProblem => ({ code: 40, message: `Invalid parameter: ${message}` });

// The class a valid message's category puts it in.
export function oppoClassOf(category: unknown): "service" | "marketing" {
  return serviceCategories.includes(String(category)) ? "service" : "marketing";
}

// Checks one message; bad targets answer 10000, bad class fields 67, anything else 40.
export function validateOppoMessage(message: unknown, rules: OppoMessageRules): OppoProblem | null {
  if (!isObject(message)) return args("message must be a JSON object");
  if (message.target_type !== 2) return args("target_type must be 2 (registration id)");
  if (typeof message.target_value !== "string" || !message.target_value)
    return { code: 10000, message: "Invalid RegistrationId" };
  const notification = message.notification;
  if (!isObject(notification)) return args("notification is required");
  const { title, content, style = 1 } = notification;
  if (typeof title !== "string" || !title.trim() || charLength(title) > 50) return args("title: 1 to 50 characters");
  const contentMax = style === 2 ? 128 : 50;
  if (typeof content !== "string" || !content.trim() || charLength(content) > contentMax)
    return args(`content: 1 to ${contentMax} characters for style ${String(style)}`);
  if (![1, 2, 3].includes(Number(style))) return args("style must be 1, 2 or 3");
  const click = notification.click_action_type ?? 0;
  if (!clickTypes.includes(Number(click))) return args("click_action_type");
  if ((click === 2 || click === 5) && typeof notification.click_action_url !== "string")
    return args("click_action_url is required for click_action_type 2 and 5");
  if ((click === 1 || click === 4) && typeof notification.click_action_activity !== "string")
    return args("click_action_activity is required for click_action_type 1 and 4");
  const parameters = notification.action_parameters;
  if (parameters !== undefined) {
    if (typeof parameters !== "string" || parameters.length > 4000) return args("action_parameters: a JSON string");
    try {
      if (!isObject(JSON.parse(parameters))) return args("action_parameters must be a JSON object");
    } catch {
      return args("action_parameters is not JSON");
    }
  }
  // Longer than 10 days is accepted and cut to 10 days by OPPO.
  const ttl = notification.off_line_ttl;
  if (ttl !== undefined && (!Number.isInteger(ttl) || (ttl as number) < 1)) return args("off_line_ttl (seconds)");
  const notifyId = notification.notify_id;
  if (notifyId !== undefined && (!Number.isInteger(notifyId) || (notifyId as number) < 0)) return args("notify_id");
  const category = notification.category;
  const level = notification.notify_level;
  if (category === undefined && rules.requireCategory) return { code: 67, message: "category is required" };
  if (
    category !== undefined &&
    !serviceCategories.includes(String(category)) &&
    !marketingCategories.includes(String(category))
  )
    return { code: 67, message: `unknown category ${String(category)}` };
  if (level !== undefined && !notifyLevels.includes(Number(level))) return { code: 67, message: "notify_level" };
  if (level === 16 && !rules.bannerRight) return { code: 67, message: "notify_level 16 needs the banner right" };
  if (level === 16 && oppoClassOf(category) === "marketing")
    return { code: 67, message: "notify_level 16 is for communication and service messages" };
  const channelId = notification.channel_id;
  if (
    oppoClassOf(category) === "service" &&
    channelId !== undefined &&
    !rules.privateChannelIds.includes(String(channelId))
  )
    return { code: 67, message: "channel_id is not the app's private channel" };
  return null;
}
