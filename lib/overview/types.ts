// The shapes the overview page reads (server/overview computes them).

// Audience totals across every app: apps, devices, reachable, active and dormant, and splits by platform and channel.
export interface OverviewTotals {
  apps: number;
  devices: number;
  reachable: number;
  active7d: number;
  dormant30d: number;
  byPlatform: { key: string; count: number }[];
  byChannel: { key: string; count: number }[];
}
