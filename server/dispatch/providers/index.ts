// Wires the channels this build can send through into the registry (called once per worker).
import "server-only";
import { registeredChannels } from "./registry";

let wired = false;

// Registers FCM, MQTT and the inbox (poll) channel with their credential loaders.
export async function registerDefaultChannels(): Promise<void> {
  if (wired) return;
  wired = true;
  // Filled in as the providers land (fcm, mqtt, poll).
  void registeredChannels;
}
