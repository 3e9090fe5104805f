// A device's push addresses on its details page: channel, status, token and the vendor's last error.
import { getFormatter, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import type { DeviceAddress } from "@/lib/devices/addresses";
import { StatusBadge } from "./device-badges";

export async function DeviceAddresses({ addresses, now }: { addresses: DeviceAddress[]; now: Date }) {
  const t = await getTranslations("devices");
  const format = await getFormatter();
  return (
    <Card title={t("details.addresses")}>
      {addresses.length === 0 ? (
        <p className="text-sm text-slate-500">{t("details.noAddresses")}</p>
      ) : (
        <ul className="space-y-3">
          {addresses.map((address) => (
            <li key={address.channel} className="space-y-1 text-sm" data-channel={address.channel}>
              <div className="flex items-center justify-between gap-2">
                <span className="font-medium text-slate-900">{t(`channel.${address.channel}`)}</span>
                <StatusBadge
                  status={address.status}
                  label={t(address.status === "active" ? "details.addressActive" : "details.addressInvalid")}
                />
              </div>
              {address.token ? (
                <code className="block font-mono text-xs break-all text-slate-700 select-all">{address.token}</code>
              ) : (
                <p className="text-xs text-slate-500">{t("details.noToken")}</p>
              )}
              {address.error ? (
                <p className="text-xs text-red-700">
                  {t("details.addressError")}:{" "}
                  {t("details.errorAt", {
                    code: address.error,
                    when: address.errorAt ? format.relativeTime(new Date(address.errorAt), now) : "—",
                  })}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
