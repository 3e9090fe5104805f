// Chart colours: one per measure, the same on every analytics page (Tailwind's palette, chosen to
// stay apart for the common colour-vision deficiencies: blue / teal / amber / violet, never red-green alone).
export const measureColors = {
  sent: "#3b6cf6",
  received: "#93b4fb",
  opened: "#0d9488",
  clicked: "#f59e0b",
  openRate: "#7c3aed",
  treated: "#0d9488",
  holdout: "#94a3b8",
} as const;

// Campaign types, matching their badges (news blue, announcement slate, promotion green).
export const typeColors = { news: "#3b6cf6", announcement: "#64748b", promotion: "#10b981" } as const;

// Series of a small multiple (dormancy cohorts, variants) in order.
export const seriesColors = ["#3b6cf6", "#0d9488", "#f59e0b", "#7c3aed", "#ec4899", "#64748b"] as const;

// Axis and grid styling shared by the charts.
export const axisStyle = { fontSize: 12, fill: "#64748b" } as const;
export const gridStroke = "#e2e8f0";
