// A phone's maker from the brand it reports: the routing policy picks a maker's own push channel
// by it. Brands are matched case-insensitively after trimming; sub-brands map to the maker whose
// push service the phone runs (Redmi and POCO run Xiaomi's MiPush, OnePlus and realme OPPO's,
// iQOO vivo's; Honor phones have had their own push service since Honor left Huawei).

// The makers Herald routes by (the database's Maker enum).
export const makers = ["huawei", "honor", "xiaomi", "oppo", "vivo", "other"] as const;
// One of them.
export type Maker = (typeof makers)[number];

// Lower-cased brand -> maker. Anything else is "other".
const brandToMaker: Readonly<Record<string, Maker>> = {
  huawei: "huawei",
  honor: "honor",
  xiaomi: "xiaomi",
  redmi: "xiaomi",
  poco: "xiaomi",
  blackshark: "xiaomi",
  oppo: "oppo",
  oneplus: "oppo",
  realme: "oppo",
  vivo: "vivo",
  iqoo: "vivo",
};

// The maker of a reported brand (null when no brand was reported).
export function makerOfBrand(brand: string | null | undefined): Maker | null {
  if (brand == null) return null;
  const key = brand
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "");
  if (key === "") return null;
  return brandToMaker[key] ?? "other";
}
