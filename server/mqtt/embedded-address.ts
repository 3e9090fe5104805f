// Where the embedded MQTT broker listens in this process, and the default topic prefix, without
// loading the broker itself: the device API and the app page read them, and a Next.js bundle holds
// its own copy of every module, so the port lives on a process-wide global (Symbol.for) that the
// broker's module sets when it starts and clears when it stops.
const key = Symbol.for("herald.mqtt.embeddedPort");
const registry = globalThis as unknown as Record<symbol, number | undefined>;

// The topic prefix of the default broker (apps with their own broker set theirs in the credential).
export function defaultTopicPrefix(): string {
  return process.env.HERALD_MQTT_TOPIC_PREFIX?.trim() || "herald";
}

// The port the embedded broker listens on in this process, or null when it does not run here.
export function embeddedBrokerPort(): number | null {
  return registry[key] ?? null;
}

// Records (or, with null, forgets) the embedded broker's port; embedded-broker.ts only.
export function setEmbeddedBrokerPort(port: number | null): void {
  if (port === null) delete registry[key];
  else registry[key] = port;
}
