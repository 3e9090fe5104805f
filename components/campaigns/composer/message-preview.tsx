"use client";
// The notification as devices will show it (Android, iOS, desktop), for the variant and language
// being edited, with the campaign's sound and badge.
import { NotificationPreview } from "@/components/campaigns/notification-preview";
import { useComposer } from "./composer-context";

export function MessagePreview({ variantIndex, locale }: { variantIndex: number; locale: string }) {
  const { draft, app } = useComposer();
  const message = draft.variants[variantIndex]?.content[locale];
  if (!message) return null;
  const badge = draft.badge.trim() === "" ? undefined : Number(draft.badge);
  return (
    <aside className="min-w-0 lg:sticky lg:top-4 lg:self-start">
      <NotificationPreview
        appName={app.name}
        content={{
          title: message.title,
          body: message.body,
          imageUrl: message.imageUrl.trim() || undefined,
          url: message.url.trim() || undefined,
        }}
        sound={draft.sound.trim() || undefined}
        badge={badge !== undefined && Number.isInteger(badge) && badge >= 0 ? badge : undefined}
      />
    </aside>
  );
}
