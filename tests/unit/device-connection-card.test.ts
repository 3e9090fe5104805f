// The app page's "Device connection" card, in both languages: the app id (the <appId> of every topic)
// with a copy button, the broker address devices use (the embedded broker's real port when it runs in
// the process, never "no broker" while sends go through it), the topic pattern and the login scheme;
// and the MQTT credential card without a broker of its own points there instead of saying there is none.
import { createElement } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { CredentialCard } from "@/components/apps/credential-card";
import { DeviceConnectionCard } from "@/components/apps/device-connection-card";
import { deviceBroker } from "@/server/mqtt/device-access";
import { setEmbeddedBrokerPort } from "@/server/mqtt/embedded-address";
import { renderWithMessages } from "../support/render-intl";

const appId = "0b6f7c1e-3f0a-4d7e-9a51-2c4d8e6f1a23";

afterEach(() => setEmbeddedBrokerPort(null));

describe("the broker devices use", () => {
  it("is the embedded broker at the port it really listens on, on the public host", () => {
    setEmbeddedBrokerPort(45678);
    expect(deviceBroker(null, { HERALD_PUBLIC_URL: "https://push.example.com" })).toEqual({
      brokerUrl: "mqtt://push.example.com:45678",
      topicPrefix: "herald",
      logins: "herald",
      source: "embedded",
    });
    // Not running in this process: HERALD_MQTT_PORT, on loopback without a public URL.
    setEmbeddedBrokerPort(null);
    expect(deviceBroker(null, { HERALD_MQTT_PORT: "1999" }).brokerUrl).toBe("mqtt://127.0.0.1:1999");
    expect(deviceBroker(null, { HERALD_MQTT_PUBLIC_URL: "mqtts://mqtt.example.com:8883" }).brokerUrl).toBe(
      "mqtts://mqtt.example.com:8883",
    );
  });

  it("is HERALD_MQTT_URL without its login, or the app's own broker, whose operator issues device logins", () => {
    expect(deviceBroker(null, { HERALD_MQTT_URL: "mqtt://push:s3cret@broker.example:1884" })).toMatchObject({
      brokerUrl: "mqtt://broker.example:1884",
      logins: "broker",
      source: "default",
    });
    expect(deviceBroker({ brokerUrl: "mqtts://herald@mqtt.app.example:8883", topicPrefix: "news" }, {})).toEqual({
      brokerUrl: "mqtts://mqtt.app.example:8883",
      topicPrefix: "news",
      logins: "broker",
      source: "app",
    });
  });
});

describe("Device connection card", () => {
  it("shows the app id to copy, the embedded broker's address, the topics and the login scheme", async () => {
    setEmbeddedBrokerPort(45678);
    const broker = deviceBroker(null, {});
    const en = await renderWithMessages("en", createElement(DeviceConnectionCard, { appId, broker }));
    expect(en).toContain(`data-testid="app-id">${appId}<`);
    expect(en).toContain(">Copy<");
    expect(en).toContain(`data-testid="device-broker">mqtt://127.0.0.1:45678<`);
    expect(en).toContain("Herald&#x27;s embedded broker");
    expect(en).toContain(`herald/${appId}/devices/&lt;installationId&gt;/messages`);
    expect(en).toContain(`herald/${appId}/devices/&lt;installationId&gt;/receipts`);
    expect(en).toContain(`client ID ${appId}:&lt;installationId&gt;`);
    expect(en).toContain("HMAC-SHA256");
    const zh = await renderWithMessages("zh-CN", createElement(DeviceConnectionCard, { appId, broker }));
    expect(zh).toContain("设备接入");
    expect(zh).toContain("应用 ID");
    expect(zh).toContain("mqtt://127.0.0.1:45678");
    expect(zh).toContain("Herald 内置的 MQTT 服务器");
  });

  it("says the app's own broker issues logins and must confine devices with its ACL", async () => {
    const broker = deviceBroker({ brokerUrl: "mqtts://mqtt.app.example:8883", topicPrefix: "news" }, {});
    const en = await renderWithMessages("en", createElement(DeviceConnectionCard, { appId, broker }));
    expect(en).toContain("mqtts://mqtt.app.example:8883");
    expect(en).toContain(`news/${appId}/devices/`);
    expect(en).toContain("operator issues the device logins");
    expect(en).not.toContain("HMAC-SHA256");
  });

  it("no longer says 'No broker configured' on the MQTT card while the default broker carries the app", async () => {
    const props = { appId, channel: "mqtt" as const, credential: null, canManage: false };
    const en = await renderWithMessages("en", createElement(CredentialCard, props));
    expect(en).not.toContain("No broker configured");
    expect(en).toContain("Device connection");
    const zh = await renderWithMessages("zh-CN", createElement(CredentialCard, props));
    expect(zh).toContain("设备接入");
  });
});
