// Where FCM traffic goes. firebase-admin has no endpoint setting (fcm.googleapis.com and the OAuth
// host are hard-coded), so tests and benchmarks point it at a loopback fake here: HTTP/2 sessions and
// the token endpoint's HTTPS agent open their TLS socket to the fake instead, still verifying the
// certificate for the Google host name. Unset, everything goes to Google.
import { readFileSync } from "node:fs";
import https from "node:https";
import tls from "node:tls";

export const fcmHost = "fcm.googleapis.com";

// A loopback stand-in for Google: its https URL and the CA certificate to trust for it.
export interface FcmEndpoint {
  url: string;
  ca?: string | Buffer;
}

let override: FcmEndpoint | null | undefined;
let fromEnv: { key: string; endpoint: FcmEndpoint | null } | undefined;

// Points every FCM provider of this process at `endpoint` (null: Google; undefined: back to the
// environment, HERALD_FCM_ENDPOINT and HERALD_FCM_CA_FILE, which is how child processes get it).
export function setFcmEndpoint(endpoint: FcmEndpoint | null | undefined) {
  override = endpoint;
}

// The endpoint in force now, or null for Google.
export function currentFcmEndpoint(): FcmEndpoint | null {
  if (override !== undefined) return override;
  const url = process.env.HERALD_FCM_ENDPOINT;
  const caFile = process.env.HERALD_FCM_CA_FILE;
  const key = `${url}|${caFile}`;
  if (fromEnv?.key !== key)
    fromEnv = { key, endpoint: url ? { url, ca: caFile ? readFileSync(caFile) : undefined } : null };
  return fromEnv.endpoint;
}

// A TLS socket to the endpoint that presents and verifies `servername` (a Google host).
export function connectTls(endpoint: FcmEndpoint, servername: string, alpn: string[]): tls.TLSSocket {
  const target = new URL(endpoint.url);
  return tls.connect({
    host: target.hostname,
    port: Number(target.port || 443),
    servername,
    ALPNProtocols: alpn,
    ...(endpoint.ca ? { ca: endpoint.ca } : {}),
  });
}

// firebase-admin's service-account credential fetches its OAuth token (oauth2.googleapis.com)
// through Node's global HTTPS agent: it drops the agent cert() accepts (13.x passes no client options
// to google-auth-library). So with an endpoint set, the global agent's connections to Google hosts
// go to the endpoint; without one, nothing changes. Idempotent.
export function routeGoogleHttps() {
  type CreateConnection = (this: https.Agent, options: tls.ConnectionOptions, callback?: unknown) => unknown;
  const holder = globalThis as { heraldHttpsConnect?: CreateConnection };
  if (holder.heraldHttpsConnect) return;
  const agent = https.globalAgent as unknown as { createConnection: CreateConnection };
  const original = (holder.heraldHttpsConnect = agent.createConnection);
  agent.createConnection = function (options, callback) {
    const endpoint = currentFcmEndpoint();
    const host = options.servername || options.host || "";
    if (endpoint && /(^|\.)googleapis\.com$/.test(host)) return connectTls(endpoint, host, ["http/1.1"]);
    return original.call(this, options, callback);
  };
}
