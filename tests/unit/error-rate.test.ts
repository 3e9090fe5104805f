// The auto-pause's decision (server/dispatch/error-rate.ts) on recent outcomes: the threshold, the
// minimum count and the reason a paused campaign shows.
import { describe, expect, it } from "vitest";
import { errorPauseReason } from "@/server/dispatch/error-rate";

const config = { errorPauseRate: 0.5, errorMinAttempts: 200, errorWindowMs: 60_000 };

describe("auto-pause on the recent failure rate", () => {
  it("pauses at the threshold once enough recent outcomes count, and says why", () => {
    expect(errorPauseReason({ sent: 400.4, failed: 600.2 }, config)).toBe(
      "Paused automatically: 60% of recent deliveries failed (about 600 of 1001 in the last 60 s; threshold 50%).",
    );
    expect(errorPauseReason({ sent: 100, failed: 100 }, config)).not.toBeNull();
  });

  it("carries on under the threshold or under the minimum count", () => {
    expect(errorPauseReason({ sent: 501, failed: 499 }, config)).toBeNull();
    expect(errorPauseReason({ sent: 0, failed: 199 }, config)).toBeNull();
    expect(errorPauseReason({ sent: 0, failed: 0 }, { ...config, errorMinAttempts: 0 })).toBeNull();
  });
});
