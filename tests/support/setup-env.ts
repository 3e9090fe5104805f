// Per-worker environment for integration tests: the test database and fixed test secrets.
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.HERALD_ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret";
process.env.LOG_LEVEL ??= "silent";
