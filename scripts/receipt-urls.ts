// `npm run receipts:urls -- <app id>`: prints the app's receipt URL for each phone maker and JPush, and the
// user name and key Huawei's console asks for with its URL. Xiaomi, OPPO, vivo and JPush are told their URL
// with every push; Huawei (AppGallery Connect, Push Kit > receipts) and Honor (its developer console)
// take it once, by hand. Needs HERALD_PUBLIC_URL and the HERALD_ENCRYPTION_KEY Herald runs with (the
// secrets are derived from it, nothing is read from the database).
import { register } from "node:module";
import { ensureSecrets } from "./lib/secrets";

// Herald's server modules mark themselves "server-only"; this process is the server.
register("./lib/hooks.mjs", import.meta.url);

const appId = process.argv
  .slice(2)
  .find((a) => !a.startsWith("-"))
  ?.trim()
  .toLowerCase();
if (!appId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(appId)) {
  console.error(
    "usage: HERALD_PUBLIC_URL=https://… npm run receipts:urls -- <app id (the UUID in the app page's URL)>",
  );
  process.exit(2);
}
if (!process.env.HERALD_PUBLIC_URL) {
  console.error("HERALD_PUBLIC_URL is not set: vendors need Herald's public https address to call back.");
  process.exit(2);
}
await ensureSecrets();
const { receiptChannels, receiptSigningKey, receiptSigningUser, receiptUrl } =
  await import("../server/receipts/receipt-urls");
for (const channel of receiptChannels) console.log(`${channel.padEnd(7)} ${receiptUrl(appId, channel)}`);
console.log(`\nHuawei console: user name ${receiptSigningUser}, key ${receiptSigningKey(appId, "hms")}`);
