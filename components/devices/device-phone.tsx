// A device's phone number for SMS signals on its details page: masked, its country, when the person
// consented and whether they opted out (STOP). The number itself never reaches the console.
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import type { DevicePhoneNumber } from "@/lib/device-types";
import { getTimeFormat } from "@/components/time/server-time";
import { StatusBadge } from "./device-badges";

export async function DevicePhone({ phone }: { phone: DevicePhoneNumber }) {
  const t = await getTranslations("devices.details");
  const { time: when } = await getTimeFormat();
  return (
    <Card title={t("phone")}>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm" data-testid="device-phone">
        <dt className="text-slate-500">{t("phoneNumber")}</dt>
        <dd className="font-mono text-slate-900">{phone.masked}</dd>
        <dt className="text-slate-500">{t("phoneCountry")}</dt>
        <dd className="text-slate-900">{phone.country}</dd>
        <dt className="text-slate-500">{t("consentAt")}</dt>
        <dd className="text-slate-900">{when(phone.consentAt)}</dd>
      </dl>
      <div className="mt-3">
        {phone.optedOutAt ? (
          <StatusBadge status="unsubscribed" label={t("optedOut", { when: when(phone.optedOutAt) })} />
        ) : (
          <StatusBadge status="active" label={t("optedIn")} />
        )}
      </div>
      <p className="mt-2 text-xs text-slate-500">{t("phoneHint")}</p>
    </Card>
  );
}
