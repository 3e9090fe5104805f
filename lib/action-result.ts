// What every server action returns to the browser.
export type ActionResult<T = unknown> =
  | { ok: true; data: T; message?: string }
  | { ok: false; status: number; message: string; fieldErrors?: Record<string, string[]>; code?: string };

export const idleResult = { ok: false, status: 0, message: "" } as const satisfies ActionResult<never>;
