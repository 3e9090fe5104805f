// Where an SMS provider's traffic goes: the vendor's own API, or (tests, the demo) a loopback fake
// with the CA certificate to trust. Read from HERALD_TWILIO_ENDPOINT / HERALD_TWILIO_CA_FILE and
// HERALD_ALIYUN_SMS_ENDPOINT / HERALD_ALIYUN_SMS_CA_FILE by server/sms/sender.ts; providers never read
// the environment.
import { readFileSync } from "node:fs";

export interface SmsEndpoint {
  // A base URL such as https://127.0.0.1:4430; null: the vendor's own host.
  baseUrl: string | null;
  ca?: string | Buffer;
}

// The endpoint for `id` ("twilio", "aliyun_sms") from `env`.
export function smsEndpointFromEnv(id: string, env: Record<string, string | undefined>): SmsEndpoint {
  const prefix = `HERALD_${id.toUpperCase()}`;
  const baseUrl = env[`${prefix}_ENDPOINT`]?.trim() || null;
  const caFile = env[`${prefix}_CA_FILE`];
  return caFile ? { baseUrl, ca: readFileSync(caFile) } : { baseUrl };
}

// Runs `work` on each item with at most `limit` in flight, answers in input order.
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
