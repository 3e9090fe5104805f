"use client";
// Shown when even the root layout failed: it replaces the whole document, without the messages
// provider, so it reads its two texts from the message files itself and picks the language from the
// NEXT_LOCALE cookie, then the browser's language.
import { useSyncExternalStore } from "react";
import en from "@/messages/en/errorPages.json";
import zh from "@/messages/zh-CN/errorPages.json";

function chinese(): boolean {
  const chosen = /(?:^|;\s*)NEXT_LOCALE=([^;]+)/.exec(document.cookie)?.[1];
  if (chosen) return decodeURIComponent(chosen) === "zh-CN";
  return /^zh\b/i.test(navigator.language);
}

// The language is read in the browser only; a server render (and hydration) starts in English.
const noSubscription = () => () => undefined;

export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const zhCN = useSyncExternalStore(noSubscription, chinese, () => false);
  const t = zhCN ? zh : en;
  return (
    <html lang={zhCN ? "zh-CN" : "en"}>
      <body style={{ fontFamily: "system-ui, sans-serif", textAlign: "center", padding: "6rem 1rem" }}>
        <main role="alert">
          <h1 style={{ fontSize: "1.5rem", fontWeight: 600 }}>{t.errorTitle}</h1>
          <p style={{ color: "#475569" }}>{t.errorBody}</p>
          <p style={{ display: "flex", gap: "0.5rem", justifyContent: "center" }}>
            <button type="button" onClick={reset}>
              {t.tryAgain}
            </button>
            {/* A full load, not a client navigation: the root layout must render again. */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
            <a href="/">{t.backHome}</a>
          </p>
        </main>
      </body>
    </html>
  );
}
