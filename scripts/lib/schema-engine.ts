// Drives Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm) through the
// pg driver adapter, so migrations work where the Prisma CLI cannot download its native engine.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const require = createRequire(import.meta.url);

type Target = { tag: "empty" } | { tag: "schemaDatamodel"; files: { path: string; content: string }[] };

export interface MigrationEngine {
  diff(params: {
    from: Target;
    to: Target;
    script: boolean;
    exitCode: null;
    filters: Filters;
  }): Promise<{ exitCode: number; stdout: string | null }>;
  applyMigrations(input: {
    migrationsList: MigrationList;
    filters: Filters;
  }): Promise<{ appliedMigrationNames: string[] }>;
  free(): void;
}
interface Filters {
  externalTables: string[];
  externalEnums: string[];
}
export interface MigrationList {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: { path: string; migrationFile: { path: string; content: { tag: "ok"; value: string } } }[];
}

export const noFilters: Filters = { externalTables: [], externalEnums: [] };

type WasmBindings = {
  SchemaEngine: { new: (o: unknown, cb: (msg: string) => void, a: unknown) => Promise<MigrationEngine> };
};

// Process-wide, not module-wide: a test runner may load this file twice, but Node loads the glue
// module once, and a second instantiation would swap the memory under a running engine.
const shared = globalThis as { heraldSchemaEngine?: { wasm?: Promise<WasmBindings>; queue: Promise<unknown> } };
shared.heraldSchemaEngine ??= { queue: Promise.resolve() };
const state = shared.heraldSchemaEngine;

// The package's main entry imports the .wasm as an ES module, which Node cannot do; the glue file is
// loaded on its own and the module instantiated by hand.
function loadWasm(): Promise<WasmBindings> {
  state.wasm ??= (async () => {
    // The engine reports Rust panics through this global before throwing.
    const holder = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    holder.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (message: string) => process.stderr.write(`schema engine panic: ${message}\n`),
    };
    const glue = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const dir = path.dirname(glue);
    const bg = await import(pathToFileURL(glue).href);
    const bytes = await readFile(path.join(dir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return bg as WasmBindings;
  })();
  return state.wasm;
}

// One WebAssembly instance serves the whole process and does not survive two engines working at
// once (two test projects' setups migrating in parallel corrupted it), so work is queued.
export function withEngineLock<T>(work: () => Promise<T>): Promise<T> {
  const run = state.queue.then(work, work);
  state.queue = run.catch(() => undefined);
  return run;
}

// Opens an engine bound to `connectionString` with the given datamodel files loaded. `free()`
// releases the engine and closes its connections (an idle pool would keep the process alive).
export async function openEngine(
  connectionString: string,
  datamodels: [string, string][] = [],
): Promise<MigrationEngine> {
  const { SchemaEngine } = await loadWasm();
  // The engine connects through the factory but never disposes what it got; keep them to close.
  const opened: { dispose(): Promise<void> }[] = [];
  const factory = new PrismaPg({ connectionString, max: 2 });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    opened.push(adapter);
    return adapter;
  };
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const log = (line: string) => {
    if (process.env.HERALD_DEBUG_MIGRATE) process.stderr.write(`${line}\n`);
  };
  const engine = await SchemaEngine.new({ datamodels }, log, adapter);
  const free = engine.free.bind(engine);
  engine.free = () => {
    free();
    for (const connection of opened.splice(0)) void connection.dispose().catch(() => undefined);
  };
  return engine;
}
