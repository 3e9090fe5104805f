// Staff passwords: argon2id with OWASP's recommended parameters (19 MiB, 2 passes). Also used by seeding scripts.
import { hash, verify } from "@node-rs/argon2";

const options = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A hash of nothing, verified against when the email is unknown so timing does not reveal accounts.
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword("herald-no-such-user");
  return dummy;
}
