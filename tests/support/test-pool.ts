// A pg pool for tests that query PostgreSQL directly. A pooled client that loses its connection while
// idle (the server restarted, a backend was terminated) makes the pool emit "error"; unhandled, that
// event would crash the test worker and be reported against whichever test runs at that moment. The
// pool drops such a client and opens a new one on the next query; queries in flight still fail.
import pg from "pg";

export function testPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on("error", (error) =>
    console.warn(`test pool: idle PostgreSQL connection lost (${error.message}); it will be replaced`),
  );
  return pool;
}
