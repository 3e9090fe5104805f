// The Segments page body: app picker, "New segment", and the app's segments or an empty state that
// explains the expression language.
import { Filter } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import type { SegmentAudience, SegmentListing } from "@/lib/segments/types";
import { NewSegmentButton } from "./segment-controls";
import { SegmentNoticeProvider, SegmentNoticeSlot } from "./segment-notice";
import { AppPicker } from "@/components/shell/app-picker";
import { SegmentsTable } from "./segments-table";
import { SyntaxHelp } from "./syntax-help";

export interface SegmentsViewProps {
  apps: { id: string; name: string }[];
  appId: string;
  unknownApp: boolean;
  segments: SegmentListing[];
  // One promise per segment id: its count, streamed into the table as it arrives.
  counts: Map<string, Promise<SegmentAudience>>;
  canManage: boolean;
  now: Date;
}

export async function SegmentsView({ apps, appId, unknownApp, segments, counts, canManage, now }: SegmentsViewProps) {
  const t = await getTranslations("segments");
  const appName = apps.find((app) => app.id === appId)?.name ?? "";
  const create = canManage ? <NewSegmentButton appId={appId} appName={appName} /> : null;
  return (
    <SegmentNoticeProvider>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <AppPicker apps={apps} appId={appId} basePath="/segments" />
            {create}
          </>
        }
      />
      <SegmentNoticeSlot />
      {unknownApp ? (
        <Alert tone="warning" className="mb-4">
          {t("unknownApp")}
        </Alert>
      ) : null}
      {segments.length === 0 ? (
        <EmptyState icon={<Filter className="size-10" />} title={t("empty.title")} action={create}>
          <p>{canManage ? t("empty.body") : `${t("empty.body")} ${t("empty.analyst")}`}</p>
          <div className="mt-4">
            <SyntaxHelp />
          </div>
        </EmptyState>
      ) : (
        <SegmentsTable
          appId={appId}
          appName={appName}
          rows={segments}
          counts={counts}
          canManage={canManage}
          now={now}
        />
      )}
    </SegmentNoticeProvider>
  );
}

// What the page shows before any app exists.
export async function SegmentsWithoutApps() {
  const t = await getTranslations("segments");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <EmptyState icon={<Filter className="size-10" />} title={t("noApps.title")}>
        {t("noApps.body")}
      </EmptyState>
    </>
  );
}
