// Herald's import graph for lint: every .ts/.tsx/.mjs file of the project and what it imports (values,
// types, re-exports and dynamic imports alike), with its strongly connected components per file and per
// folder. eslint-plugin-import's no-cycle ignores `import type` and re-parses every module through its
// resolver (it took lint from 30 s to over 2 min here); this reads each file once with TypeScript's
// import scanner, resolves only the project's own specifiers ("@/..." and relative ones) and is cached
// for the whole lint run.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const skippedFolders = new Set(["node_modules", ".git", "generated", "out"]);
const sourceFile = /\.(ts|tsx|mjs)$/;
const candidates = ["", ".ts", ".tsx", ".mjs", "/index.ts", "/index.tsx"];

function listSources(root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || skippedFolders.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (sourceFile.test(entry.name) && !entry.name.endsWith(".d.ts")) files.push(full);
    }
  };
  walk(root);
  return files;
}

// The project file a specifier names, or null for packages and node builtins.
export function resolveSpecifier(root, fromFile, specifier) {
  let base;
  if (specifier.startsWith("@/")) base = path.join(root, specifier.slice(2));
  else if (specifier.startsWith("./") || specifier.startsWith("../"))
    base = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  for (const suffix of candidates) {
    const file = base + suffix;
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
  }
  return null;
}

// The unit a file belongs to for folder-level cycles: server/<domain>, lib/<area>, components/<feature>;
// files directly in one of those roots (server/db.ts) are units of their own. The providers are a layer
// of their own below dispatch, the inbox and receipts (they import nothing of server/ but each other),
// so server/dispatch/providers is a unit apart from server/dispatch.
export function unitOf(root, file) {
  const parts = path.relative(root, file).split(path.sep);
  if (parts.slice(0, 3).join("/") === "server/dispatch/providers") return "server/dispatch/providers";
  if (["server", "lib", "components"].includes(parts[0]) && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts.join("/");
}

// Tarjan's algorithm: the component index of every node of a graph given as Map<node, Set<node>>.
function components(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const componentOf = new Map();
  const sizes = [];
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
    }
    if (low.get(node) === index.get(node)) {
      const id = sizes.length;
      let size = 0;
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        componentOf.set(member, id);
        size += 1;
      } while (member !== node);
      sizes.push(size);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return { componentOf, sizes };
}

// A shortest path from `from` to `to` inside the graph (used to print the cycle an import closes).
export function shortestPath(graph, from, to) {
  const previous = new Map([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift();
    if (node === to) break;
    for (const next of graph.get(node) ?? []) {
      if (previous.has(next)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  if (!previous.has(to)) return null;
  const route = [];
  for (let node = to; node !== null; node = previous.get(node)) route.unshift(node);
  return route;
}

// Builds the graph of the tree under root. `overrides` maps a file to the text to read instead of the
// one on disk (ESLint lints editor buffers and test snippets that differ from the saved file).
export function buildImportGraph(root, overrides = new Map()) {
  const files = listSources(root);
  for (const file of overrides.keys()) if (!files.includes(file)) files.push(file);
  const fileGraph = new Map();
  const unitGraph = new Map();
  for (const file of files) {
    const text = overrides.get(file) ?? fs.readFileSync(file, "utf8");
    const targets = new Set();
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      const target = resolveSpecifier(root, file, fileName);
      if (target && target !== file) targets.add(target);
    }
    fileGraph.set(file, targets);
    const unit = unitOf(root, file);
    if (!unitGraph.has(unit)) unitGraph.set(unit, new Set());
    for (const target of targets) {
      const targetUnit = unitOf(root, target);
      if (targetUnit !== unit) unitGraph.get(unit).add(targetUnit);
    }
  }
  return { root, fileGraph, unitGraph, files: components(fileGraph), units: components(unitGraph) };
}

// Whether an import from `file` to `target` closes a cycle between files or between folders, and the
// cycle it closes, as project-relative names.
export function cycleThrough(graph, file, target) {
  const rel = (p) => path.relative(graph.root, p).split(path.sep).join("/");
  const fileComponent = graph.files.componentOf.get(file);
  if (fileComponent !== undefined && fileComponent === graph.files.componentOf.get(target)) {
    const back = shortestPath(graph.fileGraph, target, file) ?? [target];
    return { kind: "file", route: [file, ...back].map(rel) };
  }
  const unit = unitOf(graph.root, file);
  const targetUnit = unitOf(graph.root, target);
  if (unit === targetUnit) return null;
  const unitComponent = graph.units.componentOf.get(unit);
  if (unitComponent !== undefined && unitComponent === graph.units.componentOf.get(targetUnit)) {
    const back = shortestPath(graph.unitGraph, targetUnit, unit) ?? [targetUnit];
    return { kind: "folder", route: [unit, ...back] };
  }
  return null;
}
