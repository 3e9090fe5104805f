// problemFor: the one place where server/errors.ts errors become the device API's problems.
import { describe, expect, it } from "vitest";
import { ApiProblem, problemFor } from "@/server/device-api/problem";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  TooManyError,
  UserError,
  ValidationError,
} from "@/server/errors";

describe("problemFor", () => {
  it("passes ApiProblems through and leaves other errors to the 500 path", () => {
    const problem = new ApiProblem("unauthorized", "no key");
    expect(problemFor(problem)).toBe(problem);
    expect(problemFor(new Error("bug"))).toBeNull();
    expect(problemFor("thrown string")).toBeNull();
  });

  it("takes the type from the error's code when it is a problem slug", () => {
    const error = new ValidationError(
      "The query has invalid parameters: limit.",
      [{ path: "limit", message: "too big" }],
      "invalid-query",
    );
    expect(problemFor(error)?.toBody()).toEqual({
      type: "https://herald.dev/problems/invalid-query",
      title: "A query parameter is invalid",
      status: 400,
      detail: "The query has invalid parameters: limit.",
      errors: [{ path: "limit", message: "too big" }],
    });
    expect(problemFor(new UserError("too many", undefined, 413, "too-many-events"))?.slug).toBe("too-many-events");
  });

  it("falls back to the status, and carries Retry-After for TooManyError", () => {
    const missing = problemFor(new NotFoundError("Device", "This app has no device with installationId x."));
    expect([missing?.slug, missing?.detail]).toEqual(["not-found", "This app has no device with installationId x."]);
    const busy = problemFor(new TooManyError("retry shortly", 5, "too-many-waiters"));
    expect([busy?.slug, busy?.status, busy?.headers]).toEqual(["rate-limited", 429, { "Retry-After": "5" }]);
    expect(problemFor(new ValidationError("bad", []))?.slug).toBe("invalid-body");
  });

  it("has no problem for statuses the device API never answers", () => {
    expect(problemFor(new ForbiddenError())).toBeNull();
    expect(problemFor(new ConflictError("taken"))).toBeNull();
  });

  it("keeps field paths that are Object.prototype names as plain field errors", () => {
    const error = new ValidationError("bad", [
      { path: "valueOf", message: "Unknown field" },
      { path: "__proto__", message: "Unknown field" },
    ]);
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["valueOf", "__proto__"]);
  });
});
