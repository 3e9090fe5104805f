// Sign-in throttling over real HTTP (issue [4/5] items 2 and 3). A guesser connecting from 127.0.0.3
// writes a new X-Forwarded-For address into every attempt: it is still counted by its socket's address
// and locked after five failures, and that lock does not keep the account's owner, connecting from
// 127.0.0.1, out.
import { describe, expect, inject, it } from "vitest";
import { throttleRules } from "@/server/auth/throttle";
import { credentialsSignIn } from "../support/auth-http";

const baseUrl = inject("baseUrl");

describe("sign-in throttling over HTTP", () => {
  it("locks the guesser's socket address however X-Forwarded-For changes, and not the owner", async () => {
    const email = inject("adminEmail");
    const guess = async (i: number) =>
      (
        await credentialsSignIn(baseUrl, email, `guess-${i}`, {
          from: "127.0.0.3",
          headers: { "x-forwarded-for": `198.51.100.${i + 1}` },
        })
      ).error;
    for (let i = 0; i < throttleRules.pair.limit; i++) expect(await guess(i)).toBe("CredentialsSignin");
    expect(await guess(99)).toMatch(/^locked:\d+$/);
    // The owner signs in from their own address (after the email's slowing wait).
    expect((await credentialsSignIn(baseUrl, email, inject("adminPassword"))).error).toBeNull();
  });
});
