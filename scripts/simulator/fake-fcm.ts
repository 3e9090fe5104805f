// The simulator's own fake FCM server (the loopback fake the tests use), started in this process
// so the simulator reads what each token received straight from its record.
import { startFakeFcm, type FakeFcm } from "../../tests/fakes/fcm/server";

// Starts it on `port` of 127.0.0.1 (0, or a busy port when `fallback`: any free port).
export async function startSimulatorFcm(port: number, fallback: boolean): Promise<FakeFcm> {
  try {
    return await startFakeFcm({ port, host: "127.0.0.1" });
  } catch (error) {
    if (!fallback || (error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    return startFakeFcm({ port: 0, host: "127.0.0.1" });
  }
}
