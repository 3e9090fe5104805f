"use client";
// Pieces shared by the Android, iOS and desktop notification mock-ups: the content type, the app's
// stand-in icon, placeholders for empty fields and the (remote, staff-entered) image.
import { Bell } from "lucide-react";
import { useTranslations } from "next-intl";
import { cn } from "@/lib/cn";

// What a notification shows (one localised message of a variant).
export interface PreviewContent {
  title: string;
  body: string;
  imageUrl?: string;
  url?: string;
}

export interface SurfaceProps {
  appName: string;
  content: PreviewContent;
  badge?: number;
  dark: boolean;
}

// The app's icon is not known here: a rounded tile with its initial (or a bell) stands in.
export function AppIcon({ appName, className }: { appName: string; className?: string }) {
  const initial = appName.trim().charAt(0).toUpperCase();
  return (
    <span
      aria-hidden
      className={cn(
        "inline-flex shrink-0 items-center justify-center bg-brand-600 font-semibold text-white",
        className,
      )}
    >
      {initial || <Bell className="size-3/5" />}
    </span>
  );
}

// The title, or a muted placeholder while it is empty.
export function TitleText({ title, className }: { title: string; className?: string }) {
  const t = useTranslations("preview");
  return (
    <p className={cn("font-semibold break-words", !title.trim() && "opacity-50", className)}>
      {title.trim() || t("titlePlaceholder")}
    </p>
  );
}

// The body, or a muted placeholder; `lines` is the platform's clamp.
export function BodyText({ body, lines, className }: { body: string; lines: 1 | 2 | 3 | 4 | 6; className?: string }) {
  const t = useTranslations("preview");
  const clamp = { 1: "line-clamp-1", 2: "line-clamp-2", 3: "line-clamp-3", 4: "line-clamp-4", 6: "line-clamp-6" }[
    lines
  ];
  return (
    <p className={cn("break-words whitespace-pre-line", clamp, !body.trim() && "opacity-50", className)}>
      {body.trim() || t("bodyPlaceholder")}
    </p>
  );
}

// The notification image. A plain <img>: the URL is any staff-entered host, so Next's optimiser
// (which needs allow-listed hosts) cannot serve it; a broken URL just shows the empty frame.
export function PreviewImage({ src, className }: { src: string; className?: string }) {
  const t = useTranslations("preview");
  return (
    // eslint-disable-next-line @next/next/no-img-element
    <img
      src={src}
      alt={t("imageAlt")}
      loading="lazy"
      referrerPolicy="no-referrer"
      className={cn("bg-slate-300 object-cover", className)}
    />
  );
}

// The host a web link opens (desktop notifications name the site), or null for app deep links.
export function webHost(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.host : null;
  } catch {
    return null;
  }
}
