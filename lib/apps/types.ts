// The shapes the Apps pages read (server/apps computes them).

// One app as the UI sees it: quiet hours as "HH:MM" text, never the API key hash.
export interface AppSummary {
  id: string;
  name: string;
  androidPackage: string | null;
  iosBundleId: string | null;
  webOrigin: string | null;
  apiKeyPrefix: string;
  apiKeyRotatedAt: Date;
  timezone: string;
  quietHoursStart: string;
  quietHoursEnd: string;
  approvalThreshold: number;
  promoCapPerDay: number | null;
  promoCapPerWeek: number | null;
  // Promotions over a phone maker's daily cap: sent on the app's own channel, or suppressed.
  vendorQuotaPolicy: "fallback" | "suppress";
  deviceCount: number;
  createdAt: Date;
}
