// The device simulator's stand-in for FCM (npm run simulate, the Quick start), scoped to one reserved
// Firebase project id. The process-wide endpoint setting (endpoint.ts) would send every app's FCM
// traffic to the stand-in; this one reaches only credentials whose project_id is "herald-simulator",
// and those never go anywhere else: without a running stand-in their sends fail as a configuration
// error (the campaign pauses with the reason) instead of reaching Google.
import { readFileSync } from "node:fs";
import type { Credential } from "firebase-admin/app";
import { ProviderConfigurationError } from "../types";
import { currentFcmEndpoint, type FcmEndpoint } from "./endpoint";

// The project id of the simulator's service-account key (Quick start demo app).
export const simulatorProjectId = "herald-simulator";

// Kept on globalThis so a module loaded twice (test runners, Next.js and tsx in one process) shares it.
const holder = globalThis as { heraldSimulatorFcm?: FcmEndpoint | null };
let fromEnv: { key: string; endpoint: FcmEndpoint | null } | undefined;

const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

// Only an https URL on this machine: the reserved project id must not be a way to send anywhere else.
function checkedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" || !loopbackHosts.has(parsed.hostname)) {
    throw new Error(
      "The simulator's FCM endpoint must be an https URL on this machine (127.0.0.1 or localhost), " +
        `not ${parsed.origin}`,
    );
  }
  return url;
}

// Sets the stand-in for this process (the Quick start runs simulator and worker in one process);
// null turns it off; undefined goes back to HERALD_SIMULATOR_FCM_URL / HERALD_SIMULATOR_FCM_CA_FILE.
export function setSimulatorFcmEndpoint(endpoint: FcmEndpoint | null | undefined) {
  if (endpoint) checkedUrl(endpoint.url);
  if (endpoint === undefined) delete holder.heraldSimulatorFcm;
  else holder.heraldSimulatorFcm = endpoint;
}

// The stand-in in force, or null when no simulator FCM is running for this process.
export function simulatorFcmEndpoint(): FcmEndpoint | null {
  if (holder.heraldSimulatorFcm !== undefined) return holder.heraldSimulatorFcm;
  const url = process.env.HERALD_SIMULATOR_FCM_URL;
  const caFile = process.env.HERALD_SIMULATOR_FCM_CA_FILE;
  const key = `${url}|${caFile}`;
  if (fromEnv?.key !== key)
    fromEnv = { key, endpoint: url ? { url: checkedUrl(url), ca: caFile ? readFileSync(caFile) : undefined } : null };
  return fromEnv.endpoint;
}

export function isSimulatorProject(projectId: string): boolean {
  return projectId === simulatorProjectId;
}

// Where the FCM traffic of one project goes: the simulator's stand-in for the reserved project (or a
// configuration error when none runs), the process-wide endpoint for every other (null: Google).
export function fcmEndpointFor(projectId: string): FcmEndpoint | null {
  if (!isSimulatorProject(projectId)) return currentFcmEndpoint();
  const endpoint = simulatorFcmEndpoint();
  if (!endpoint) {
    throw new ProviderConfigurationError(
      "SIMULATOR_OFFLINE",
      `This app's FCM key is the device simulator's (project ${simulatorProjectId}) and no simulator is running: ` +
        "start Herald with HERALD_SIMULATOR=true, or give workers HERALD_SIMULATOR_FCM_URL, or replace the key.",
    );
  }
  return endpoint;
}

// The simulator's stand-in accepts the access tokens its own token endpoint issues ("ya29.fake-…"),
// so the simulator's credential needs no OAuth round trip: Node's global HTTPS agent, which
// firebase-admin fetches tokens through, stays untouched for every other app.
export function simulatorCredential(): Credential {
  return { getAccessToken: async () => ({ access_token: "ya29.fake-herald-simulator", expires_in: 3600 }) };
}
