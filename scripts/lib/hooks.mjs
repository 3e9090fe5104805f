// Node module hooks for Herald's own server process: the "server-only" marker package throws when
// imported outside Next.js's react-server build, but this process is server code by definition.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: "data:text/javascript,export {};", shortCircuit: true };
  return nextResolve(specifier, context);
}
