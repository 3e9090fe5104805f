"use client";
// How a notification will look on Android, iOS and in a desktop browser (Chrome on macOS or
// Windows), in light or dark system appearance, with each platform's truncation (CSS line-clamp).
// An approximation: device makers, OS versions and user settings differ.
import { Link2, Moon, Sun, Volume2, VolumeOff } from "lucide-react";
import { useTranslations } from "next-intl";
import { Tabs } from "radix-ui";
import { useState, type ReactNode } from "react";
import { cn } from "@/lib/cn";
import { AndroidPreview } from "./notification-preview/android";
import { MacPreview, WindowsPreview } from "./notification-preview/desktop";
import { IosPreview } from "./notification-preview/ios";
import type { PreviewContent } from "./notification-preview/parts";

export type { PreviewContent } from "./notification-preview/parts";

interface Props {
  appName: string;
  content: PreviewContent;
  sound?: string;
  badge?: number;
}

const tabs = ["android", "ios", "desktop"] as const;

function Toggle({ pressed, onClick, children }: { pressed: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={cn(
        "inline-flex items-center gap-1 rounded px-2 py-1 text-xs font-medium",
        pressed ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-100",
      )}
    >
      {children}
    </button>
  );
}

export function NotificationPreview({ appName, content, sound, badge }: Props) {
  const t = useTranslations("preview");
  const [dark, setDark] = useState(false);
  const [desktop, setDesktop] = useState<"mac" | "windows">("mac");
  const surface = { appName, content, badge, dark };
  return (
    <section aria-label={t("label")} className="space-y-3">
      <Tabs.Root defaultValue="android">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <Tabs.List
            aria-label={t("platforms")}
            className="inline-flex rounded-md border border-slate-200 bg-slate-50 p-0.5"
          >
            {tabs.map((tab) => (
              <Tabs.Trigger
                key={tab}
                value={tab}
                className={
                  "rounded px-3 py-1 text-sm font-medium text-slate-600 hover:text-slate-900 " +
                  "data-[state=active]:bg-white data-[state=active]:text-slate-900 " +
                  "data-[state=active]:shadow-sm"
                }
              >
                {t(`tabs.${tab}`)}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          <div
            role="group"
            aria-label={t("appearance.label")}
            className="inline-flex gap-0.5 rounded-md border border-slate-200 p-0.5"
          >
            <Toggle pressed={!dark} onClick={() => setDark(false)}>
              <Sun aria-hidden className="size-3.5" />
              {t("appearance.light")}
            </Toggle>
            <Toggle pressed={dark} onClick={() => setDark(true)}>
              <Moon aria-hidden className="size-3.5" />
              {t("appearance.dark")}
            </Toggle>
          </div>
        </div>
        <Tabs.Content value="android" className="mt-3">
          <AndroidPreview {...surface} />
        </Tabs.Content>
        <Tabs.Content value="ios" className="mt-3">
          <IosPreview {...surface} />
        </Tabs.Content>
        <Tabs.Content value="desktop" className="mt-3 space-y-2">
          <div
            role="group"
            aria-label={t("desktop.system")}
            className="inline-flex gap-0.5 rounded-md border border-slate-200 p-0.5"
          >
            <Toggle pressed={desktop === "mac"} onClick={() => setDesktop("mac")}>
              {t("desktop.mac")}
            </Toggle>
            <Toggle pressed={desktop === "windows"} onClick={() => setDesktop("windows")}>
              {t("desktop.windows")}
            </Toggle>
          </div>
          <div
            className={cn("rounded-xl p-4", dark ? "bg-slate-950" : "bg-gradient-to-br from-slate-200 to-slate-300")}
          >
            {desktop === "mac" ? <MacPreview {...surface} /> : <WindowsPreview {...surface} />}
          </div>
        </Tabs.Content>
      </Tabs.Root>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        <li className="flex items-center gap-1">
          {sound ? <Volume2 aria-hidden className="size-3.5" /> : <VolumeOff aria-hidden className="size-3.5" />}
          {sound ? t("meta.sound", { sound }) : t("meta.silent")}
        </li>
        {badge !== undefined ? <li>{t("meta.badge", { count: badge })}</li> : null}
        {content.url ? (
          <li className="flex min-w-0 items-center gap-1">
            <Link2 aria-hidden className="size-3.5 shrink-0" />
            <span className="truncate">{t("meta.opens", { url: content.url })}</span>
          </li>
        ) : null}
      </ul>
      <p className="text-xs text-slate-500">{t("note")}</p>
    </section>
  );
}
