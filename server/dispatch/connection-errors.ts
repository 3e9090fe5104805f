// Tells a lost or refused database connection apart from every other error, so that the sender can
// keep a batch's results while PostgreSQL restarts instead of dropping them (pending-results.ts).
// No library classifies node-postgres errors this way: pg reports socket errors with Node's `code`
// (ECONNREFUSED while the server is down), a server shutting down with SQLSTATE 57P01/57P02, one
// starting up with 57P03, protocol-level connection trouble with class 08, and a socket closed under
// a query only as an Error whose message says so. A constraint violation or a bug is none of these:
// retrying it would not help, so it is not held.

const socketCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "ENOTFOUND",
]);
// admin_shutdown, crash_shutdown, cannot_connect_now (the server is starting or stopping).
const shutdownStates = new Set(["57P01", "57P02", "57P03"]);
// What pg and its pool say when the socket went away under a query or a connect timed out.
const lostMessages = /connection terminated|connection ended|not queryable|timeout exceeded when trying to connect/i;

// True when `error` (or one it wraps: AggregateError from a multi-address connect, `cause`) means
// the database could not be reached or the connection was lost, so the same write may succeed later.
export function isConnectionError(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 3) return false;
  const { code, message, errors, cause } = error as {
    code?: unknown;
    message?: unknown;
    errors?: unknown;
    cause?: unknown;
  };
  if (typeof code === "string" && (socketCodes.has(code) || shutdownStates.has(code) || /^08/.test(code))) return true;
  if (typeof message === "string" && lostMessages.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isConnectionError(inner, depth + 1))) return true;
  return cause !== undefined && isConnectionError(cause, depth + 1);
}
