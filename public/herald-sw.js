/*
 * Herald's Web Push service worker.
 *
 * Copy this file to your site (a service worker must come from the page's own origin) and register it
 * with your Herald settings in the query string:
 *
 *   navigator.serviceWorker.register(
 *     "/herald-sw.js?api=" + encodeURIComponent("https://herald.example.com") +
 *       "&key=" + encodeURIComponent(HERALD_API_KEY) + "&installation=" + installationId,
 *   );
 *
 *   api           Herald's base URL (default: this site's origin)
 *   key           the app's device API key (the same key the site registers devices with)
 *   installation  the installation id the site registered this browser under
 *
 * On each push it shows the notification Herald sent (title, body, image, url; `tag` replaces an
 * earlier notification of the same story) and reports `received` to Herald's events API; a click on
 * the notification reports `opened` (a click on one of its action buttons: `clicked` with that
 * action's id) and opens the message's url; closing it unread reports `dismissed`. Each event's id is
 * derived from the message id, so a report sent twice counts once. The payload Herald sends:
 *
 *   { "title": "…", "body": "…", "image": "https://…", "url": "https://…", "tag": "story-1",
 *     "data": { "herald_c": "<campaign id>", "herald_d": "<message id>", …your key-values } }
 */
/* global self */
"use strict";

const params = new URL(self.location.href).searchParams;
const config = {
  api: (params.get("api") || self.location.origin).replace(/\/+$/, ""),
  key: params.get("key") || "",
  installationId: params.get("installation") || "",
};

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// The payload as JSON; a push that is not Herald's JSON shows its text.
function readPayload(data) {
  if (!data) return { title: "", body: "" };
  try {
    const payload = data.json();
    return payload && typeof payload === "object" ? payload : { title: "", body: String(payload) };
  } catch {
    return { title: "", body: data.text() };
  }
}

// Reports one event about a message to Herald (POST /api/v1/events); failures are left alone (the
// notification matters more than its statistics).
function report(type, message, extra) {
  if (!config.key || !config.installationId || !message.messageId) return Promise.resolve();
  const event = {
    eventId: "wp:" + message.messageId + ":" + type + (extra && extra.actionId ? ":" + extra.actionId : ""),
    installationId: config.installationId,
    type: type,
    campaignId: message.campaignId || null,
    messageId: message.messageId,
    occurredAt: new Date().toISOString(),
  };
  if (extra && extra.actionId) event.actionId = extra.actionId;
  return fetch(config.api + "/api/v1/events", {
    method: "POST",
    headers: { Authorization: "Bearer " + config.key, "Content-Type": "application/json" },
    body: JSON.stringify({ events: [event] }),
    keepalive: true,
  }).then(
    () => undefined,
    () => undefined,
  );
}

self.addEventListener("push", (event) => {
  const payload = readPayload(event.data);
  const data = payload.data || {};
  const message = { campaignId: data.herald_c, messageId: data.herald_d, url: payload.url || data.url || null };
  const options = {
    body: payload.body || "",
    data: message,
  };
  if (payload.image) options.image = payload.image;
  if (payload.icon) options.icon = payload.icon;
  if (payload.tag) {
    options.tag = payload.tag;
    options.renotify = true;
  }
  event.waitUntil(
    Promise.all([self.registration.showNotification(payload.title || "", options), report("received", message)]),
  );
});

// Focuses a window already showing the url, or opens it.
function openUrl(url) {
  if (!url) return Promise.resolve();
  const target = new URL(url, self.location.origin).href;
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
    const open = windows.find((client) => client.url === target && "focus" in client);
    return open ? open.focus() : self.clients.openWindow(target);
  });
}

self.addEventListener("notificationclick", (event) => {
  const message = event.notification.data || {};
  event.notification.close();
  const reported = event.action ? report("clicked", message, { actionId: event.action }) : report("opened", message);
  event.waitUntil(Promise.all([reported, openUrl(message.url)]));
});

self.addEventListener("notificationclose", (event) => {
  event.waitUntil(report("dismissed", event.notification.data || {}));
});
