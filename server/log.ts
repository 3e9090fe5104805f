// Structured logs (pino), JSON to stdout; LOG_LEVEL sets the level. Phone numbers never reach a log:
// the fields that could hold one (an SMS's `to`, a webhook's `From`/`To`, a `number` or `phoneNumber`)
// are censored wherever they appear at the top level or one object down.
// The destination can be swapped (logTo) so a test reads exactly the lines the server writes.
import "server-only";
import pino from "pino";

const phoneFields = ["to", "To", "From", "from", "number", "phoneNumber", "phone_number"];

// The logger's options (exported so a test can log through them into a buffer).
export const logOptions = {
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "herald" },
  redact: { paths: [...phoneFields, ...phoneFields.map((field) => `*.${field}`)], censor: "[redacted]" },
} satisfies pino.LoggerOptions;

// stdout as pino's own default writes it (asynchronously, flushed on exit); replaced only by logTo.
let destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false });

export const log = pino(logOptions, { write: (line: string) => destination.write(line) });

// Sends every later line to `target` instead of stdout; answers the function that puts stdout back.
export function logTo(target: pino.DestinationStream): () => void {
  const previous = destination;
  destination = target;
  return () => {
    destination = previous;
  };
}
