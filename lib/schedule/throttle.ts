// Expected start and finish of each wave when sends are limited to a per-minute rate (schedule view).

// A wave with when it actually starts (it waits for earlier waves still sending) and when it finishes.
export type ThrottledWave<T> = T & { startsAt: Date; finishesAt: Date };

/**
 * Walks the waves in time order with one shared send rate: a wave starts at its `at` or when the previous
 * wave finishes, whichever is later, and takes devices / maxPerMinute minutes. A null or infinite rate
 * means no throttle (each wave finishes as it starts). Throws RangeError for a rate that is not positive.
 */
export function throttleWaves<T extends { at: Date; devices: number }>(
  waves: readonly T[],
  maxPerMinute: number | null,
): ThrottledWave<T>[] {
  const rate = maxPerMinute ?? Infinity;
  if (!(rate > 0)) throw new RangeError(`maxPerMinute must be positive, got ${maxPerMinute}`);
  const ordered = [...waves].sort((a, b) => a.at.getTime() - b.at.getTime());
  let busyUntil = -Infinity;
  return ordered.map((wave) => {
    const startsAt = Math.max(wave.at.getTime(), busyUntil);
    const duration = rate === Infinity ? 0 : Math.ceil((wave.devices / rate) * 60_000);
    busyUntil = startsAt + duration;
    return { ...wave, startsAt: new Date(startsAt), finishesAt: new Date(busyUntil) };
  });
}
