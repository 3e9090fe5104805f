// What a stored draft's "Send test" needs of the campaign (only these fields travel to the browser).
import type { CampaignType } from "./state";

export interface StoredTestCampaign {
  id: string;
  appId: string;
  type: CampaignType;
  priority: string;
  ttlSeconds: number | null;
  collapseKey: string | null;
  sound: string | null;
  badge: number | null;
  channels: string[];
  variants: Array<{ key: string; fallbackLocale: string; content: unknown }>;
}

export function testSendFields(c: StoredTestCampaign): StoredTestCampaign {
  return {
    id: c.id,
    appId: c.appId,
    type: c.type,
    priority: c.priority,
    ttlSeconds: c.ttlSeconds,
    collapseKey: c.collapseKey,
    sound: c.sound,
    badge: c.badge,
    channels: [...c.channels],
    variants: c.variants.map((v) => ({ key: v.key, fallbackLocale: v.fallbackLocale, content: v.content })),
  };
}
