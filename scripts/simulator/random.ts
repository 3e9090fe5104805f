// Seeded randomness for the simulator: the same seed gives the same devices (so a second run
// re-registers the same installations), and the delay distributions device behaviour draws from.
import { prng } from "../../lib/prng";

export { prng };

// A 32-bit seed from any text (FNV-1a), e.g. an app id, so each app gets its own stable population.
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

// A version 4 UUID drawn from `random` (deterministic per seed, unlike crypto.randomUUID).
export function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = "4";
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

// A standard normal draw (Box-Muller).
export function normal(random: () => number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

// A log-normal draw with the given median and shape (sigma of the underlying normal).
export function logNormal(random: () => number, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(random));
}

// An exponential draw with the given mean (time to the next event of a Poisson process).
export function exponential(random: () => number, mean: number): number {
  return -mean * Math.log(1 - random());
}
