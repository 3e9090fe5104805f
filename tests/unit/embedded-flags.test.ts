// Settings the embedded PostgreSQL starts with: shared buffers sized to the machine, overridable.
import { describe, expect, it } from "vitest";
import { embeddedFlags } from "../../scripts/lib/database";

const GiB = 2 ** 30;

describe("embeddedFlags", () => {
  it("gives a quarter of the memory to shared buffers, between 128 MB and 1 GB", () => {
    expect(embeddedFlags(2 * GiB, "")).toContain("shared_buffers=512MB");
    expect(embeddedFlags(24 * GiB, "")).toContain("shared_buffers=1024MB");
    expect(embeddedFlags(256 * 2 ** 20, "")).toContain("shared_buffers=128MB");
    expect(embeddedFlags(8 * GiB, "")).toContain("effective_cache_size=4096MB");
  });

  it("listens on loopback only and appends HERALD_PG_FLAGS-style settings last, so they win", () => {
    const flags = embeddedFlags(8 * GiB, " shared_buffers=256MB  work_mem=16MB ");
    expect(flags[0]).toBe("listen_addresses=127.0.0.1");
    expect(flags.slice(-2)).toEqual(["shared_buffers=256MB", "work_mem=16MB"]);
  });
});
