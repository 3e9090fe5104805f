// Every field of one device, its tags, and (for users who may) the test-device switch.
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { DefinitionList } from "@/components/ui/definition-list";
import { DeviceAddresses } from "./device-addresses";
import { DevicePhone } from "./device-phone";
import { StatusBadge, TestBadge } from "./device-badges";
import { DeviceTestToggle } from "./device-test-toggle";
import type { DeviceDetail } from "@/lib/device-types";
import { getTimeFormat } from "@/components/time/server-time";

export async function DeviceDetails({
  device,
  appName,
  backHref,
  canMarkTest,
  now,
}: {
  device: DeviceDetail;
  appName: string;
  backHref: string;
  canMarkTest: boolean;
  now: Date;
}) {
  const t = await getTranslations("devices");
  const format = await getFormatter();
  const { time } = await getTimeFormat();
  const when = (date: Date) => (
    <>
      {time(date, "dateTimeSeconds")} <span className="text-slate-500">({format.relativeTime(date, now)})</span>
    </>
  );
  const fields: [string, React.ReactNode][] = [
    [
      t("details.id"),
      <code key="id" className="font-mono text-xs break-all">
        {device.id}
      </code>,
    ],
    [
      t("details.installationId"),
      <code key="iid" className="font-mono text-xs break-all">
        {device.installationId}
      </code>,
    ],
    [t("columns.platform"), t(`platform.${device.platform}`)],
    [t("details.brand"), device.brand ?? "—"],
    [t("details.maker"), device.maker ? t(`maker.${device.maker}`) : "—"],
    [t("columns.status"), <StatusBadge key="status" status={device.status} label={t(`status.${device.status}`)} />],
    [t("columns.locale"), device.locale ?? "—"],
    [t("columns.timezone"), device.timezone ?? "—"],
    [t("columns.appVersion"), device.appVersion ?? "—"],
    [t("details.lastActiveAt"), when(device.lastActiveAt)],
    [t("details.createdAt"), when(device.createdAt)],
    [t("details.updatedAt"), when(device.updatedAt)],
  ];
  return (
    <>
      <Link href={backHref} className="mb-3 inline-flex items-center gap-1 text-sm text-brand-700 hover:underline">
        <ArrowLeft className="size-4" aria-hidden /> {t("details.back")}
      </Link>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {t("details.title", { id: device.installationId.slice(0, 8) })}
            {device.isTest ? <TestBadge label={t("test")} /> : null}
          </span>
        }
        description={appName}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t("details.fields")} className="lg:col-span-2">
          <DefinitionList
            rows={fields}
            className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]"
            termClassName="font-medium text-slate-500"
            valueClassName="min-w-0 text-slate-900"
          />
        </Card>
        <div className="space-y-6">
          <DeviceAddresses addresses={device.addresses} now={now} />
          {device.phoneNumber ? <DevicePhone phone={device.phoneNumber} /> : null}
          <Card title={t("details.tags")}>
            {device.tags.length ? (
              <ul className="flex flex-wrap gap-1.5">
                {device.tags.map((tag) => (
                  <li key={tag} className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                    {tag}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-500">{t("details.noTags")}</p>
            )}
          </Card>
          <Card title={t("details.testDevice")}>
            <p className="mb-3 text-sm text-slate-700">{device.isTest ? t("details.isTest") : t("details.notTest")}</p>
            <p className="mb-3 text-xs text-slate-500">{t("details.testHint")}</p>
            {canMarkTest ? <DeviceTestToggle appId={device.appId} deviceId={device.id} isTest={device.isTest} /> : null}
          </Card>
        </div>
      </div>
    </>
  );
}
