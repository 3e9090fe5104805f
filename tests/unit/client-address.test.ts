// Which address sign-in throttling counts: the socket's, unless a trusted proxy forwarded the request.
import { describe, expect, it } from "vitest";
import { clientAddress, trustedProxies } from "@/server/auth/client-address";

describe("clientAddress", () => {
  const none = new Set<string>();
  const proxy = trustedProxies({ HERALD_TRUSTED_PROXIES: "10.0.0.2, ::1, not-an-ip" });

  it("ignores X-Forwarded-For from a client that is not a trusted proxy", () => {
    expect(clientAddress("203.0.113.7", "198.51.100.1", none)).toBe("203.0.113.7");
    expect(clientAddress("::ffff:203.0.113.7", ["1.2.3.4", "5.6.7.8"], proxy)).toBe("203.0.113.7");
  });

  it("takes the right-most untrusted hop behind trusted proxies", () => {
    expect([...proxy].sort()).toEqual(["10.0.0.2", "::1"]);
    expect(clientAddress("10.0.0.2", "198.51.100.9, 203.0.113.50", proxy)).toBe("203.0.113.50");
    expect(clientAddress("::1", "198.51.100.9, 203.0.113.50, 10.0.0.2", proxy)).toBe("203.0.113.50");
  });

  it("falls back to the proxy itself when the header is missing or garbled", () => {
    expect(clientAddress("10.0.0.2", undefined, proxy)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", "not-an-address", proxy)).toBe("10.0.0.2");
    expect(clientAddress(undefined, "1.2.3.4", none)).toBe("unknown");
  });
});
