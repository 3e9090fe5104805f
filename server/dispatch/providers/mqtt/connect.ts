// Opening one MQTT connection: MQTT 5 first, MQTT 3.1.1 when the broker refuses version 5 (aedes
// does), and the broker's refusal sorted into "fix the settings" (bad credentials, not authorised,
// TLS) versus "try again later" (down, timeout, server busy).
import { randomUUID } from "node:crypto";
import mqtt, { type IConnackPacket, type MqttClient } from "mqtt";
import type { MqttSecret } from "@/lib/channels/mqtt";
import { ProviderConfigurationError } from "../types";

// A broker and the login Herald uses on it.
export type BrokerLogin = Pick<MqttSecret, "brokerUrl" | "username" | "password">;

// A failure worth retrying later (broker down, timeout, connection lost, server busy).
export class MqttTransientError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "MqttTransientError";
  }
}

export interface OpenConnection {
  client: MqttClient;
  connack: IConnackPacket;
  protocolVersion: 4 | 5;
}

// CONNACK codes (3.1.1 return codes and MQTT 5 reason codes) that mean the login is wrong.
const credentialCodes: Record<number, string> = {
  4: "mqtt_bad_credentials",
  5: "mqtt_not_authorized",
  134: "mqtt_bad_credentials",
  135: "mqtt_not_authorized",
  140: "mqtt_bad_auth_method",
};
// "Unacceptable protocol version" (3.1.1) and "Unsupported protocol version" (5).
const protocolRefusedCodes = new Set([1, 132]);
// Certificate problems do not heal by themselves: the URL or the broker's certificate must change.
const tlsCodes = new Set([
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
]);

// Brokers known (in this process) to speak 3.1.1 only, so later connections skip the failed v5 try.
const v311Only = new Set<string>();

function classify(error: Error & { code?: unknown }, brokerUrl: string): Error {
  const code = error.code;
  if (typeof code === "number" && credentialCodes[code]) {
    return new ProviderConfigurationError(
      credentialCodes[code],
      `The MQTT broker ${hostOf(brokerUrl)} refused Herald's login: ${error.message}`,
    );
  }
  if (typeof code === "string" && tlsCodes.has(code)) {
    return new ProviderConfigurationError(
      "mqtt_tls",
      `The MQTT broker ${hostOf(brokerUrl)} has a certificate Herald cannot trust (${code}).`,
    );
  }
  const suffix =
    typeof code === "number" ? `connack_${code}` : typeof code === "string" ? code.toLowerCase() : "connect_failed";
  return new MqttTransientError(
    `mqtt_${suffix}`,
    `Could not connect to the MQTT broker ${hostOf(brokerUrl)}: ${error.message}`,
  );
}

// The broker's host and port without any login, for messages.
export function hostOf(brokerUrl: string): string {
  try {
    return new URL(brokerUrl).host;
  } catch {
    return "(invalid URL)";
  }
}

export interface ConnectOptions {
  timeoutMs: number;
  clientIdPrefix: string;
  // MQTT 5: how many QoS 1 messages the broker may send us unacknowledged (its default is small).
  receiveMaximum?: number;
}

function attempt(login: BrokerLogin, protocolVersion: 4 | 5, options: ConnectOptions): Promise<OpenConnection> {
  const { timeoutMs, clientIdPrefix } = options;
  return new Promise((resolve, reject) => {
    let settled = false;
    let client: MqttClient;
    try {
      client = mqtt.connect(login.brokerUrl, {
        protocolVersion,
        clientId: `${clientIdPrefix}-${randomUUID().slice(0, 12)}`,
        clean: true,
        // Reconnecting is the caller's decision (a lost publisher fails its in-flight messages as retry).
        reconnectPeriod: 0,
        connectTimeout: timeoutMs,
        keepalive: 30,
        username: login.username ?? undefined,
        password: login.password ?? undefined,
        ...(protocolVersion === 5 && options.receiveMaximum
          ? { properties: { receiveMaximum: options.receiveMaximum } }
          : {}),
      });
    } catch (error) {
      reject(
        new ProviderConfigurationError(
          "mqtt_bad_url",
          `The MQTT broker URL is not usable: ${(error as Error).message}`,
        ),
      );
      return;
    }
    const timer = setTimeout(
      () => fail(Object.assign(new Error(`no CONNACK within ${timeoutMs} ms`), { code: "TIMEOUT" })),
      timeoutMs,
    );
    const fail = (error: Error & { code?: unknown }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.end(true);
      reject(error);
    };
    client.once("connect", (connack) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ client, connack, protocolVersion });
    });
    // Kept for the connection's whole life: an 'error' without a listener would crash the process.
    client.on("error", (error) => fail(error));
    client.once("close", () =>
      fail(Object.assign(new Error("the connection closed before CONNACK"), { code: "CLOSED" })),
    );
  });
}

// Connects to a broker (MQTT 5, or 3.1.1 when 5 is refused). Throws ProviderConfigurationError
// when the login or certificate is wrong, MqttTransientError for everything worth retrying.
export async function openMqttConnection(login: BrokerLogin, options: ConnectOptions): Promise<OpenConnection> {
  const first: 4 | 5 = v311Only.has(login.brokerUrl) ? 4 : 5;
  try {
    return await attempt(login, first, options);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (error instanceof ProviderConfigurationError) throw error;
    if (first === 5 && typeof code === "number" && protocolRefusedCodes.has(code)) {
      v311Only.add(login.brokerUrl);
      try {
        return await attempt(login, 4, options);
      } catch (retryError) {
        if (retryError instanceof ProviderConfigurationError) throw retryError;
        throw classify(retryError as Error, login.brokerUrl);
      }
    }
    throw classify(error as Error, login.brokerUrl);
  }
}
