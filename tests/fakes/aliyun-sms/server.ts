// The fake Alibaba Cloud SMS server as a library (startFakeAliyunSms) and as its own process:
// `tsx tests/fakes/aliyun-sms/server.ts --port N [--host H]` prints one JSON ready line and runs until SIGTERM.
import { runAsProcess } from "../loopback-fake";
import { startFakeAliyunSms } from "./fake-server";

export * from "./fake-server";
export { aliyunSignature, aliyunStringToSign, percentEncode } from "./signature";

runAsProcess(import.meta.url, (options) => startFakeAliyunSms(options));
