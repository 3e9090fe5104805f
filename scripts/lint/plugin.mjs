// Herald's own lint rules. `herald/no-import-cycle` reports every import that closes a cycle between
// files or between folders (server/<domain>, lib/<area>, components/<feature>), type-only imports
// included: a cycle of types is still two modules that cannot be understood, moved or tested apart.
// No published rule does both (eslint-plugin-import's no-cycle skips type imports and has no folder
// level), hence this one; the graph comes from ./import-graph.mjs.
import fs from "node:fs";
import path from "node:path";
import { buildImportGraph, cycleThrough, resolveSpecifier } from "./import-graph.mjs";

const projectRoot = path.resolve(import.meta.dirname, "../..");
let cached = null;

function graphFor(file, text) {
  const onDisk = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
  if (onDisk === text) {
    cached ??= buildImportGraph(projectRoot);
    return cached;
  }
  // The text differs from the saved file (an editor buffer, a test snippet): a graph of its own.
  return buildImportGraph(projectRoot, new Map([[file, text]]));
}

const noImportCycle = {
  meta: {
    type: "problem",
    docs: { description: "Forbid imports that close a cycle between files or folders, type imports included." },
    schema: [],
    messages: {
      file: "Import cycle between files: {{route}}.",
      folder: "Import cycle between folders: {{route}}. Pick one direction or move the shared piece.",
    },
  },
  create(context) {
    const file = context.filename;
    if (!file.startsWith(projectRoot + path.sep)) return {};
    let graph = null;
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== "string") return;
      const target = resolveSpecifier(projectRoot, file, specifier);
      if (!target || target === file) return;
      graph ??= graphFor(file, context.sourceCode.text);
      const cycle = cycleThrough(graph, file, target);
      if (cycle)
        context.report({ node: node.source, messageId: cycle.kind, data: { route: cycle.route.join(" -> ") } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

const plugin = { meta: { name: "herald" }, rules: { "no-import-cycle": noImportCycle } };

export default plugin;
