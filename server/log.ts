// Structured logs (pino), JSON to stdout; LOG_LEVEL sets the level.
import "server-only";
import pino from "pino";

export const log = pino({ level: process.env.LOG_LEVEL ?? "info", base: { service: "herald" } });
