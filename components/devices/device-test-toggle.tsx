"use client";
// The details view's switch between "test device" and "not a test device".
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { setDevicesTest } from "@/server/devices/actions";

export function DeviceTestToggle({ appId, deviceId, isTest }: { appId: string; deviceId: string; isTest: boolean }) {
  const t = useTranslations("devices.details");
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <Button
        variant={isTest ? "secondary" : "primary"}
        disabled={pending}
        aria-pressed={isTest}
        onClick={() =>
          startTransition(async () => {
            const res = await setDevicesTest({ appId, deviceIds: [deviceId], isTest: !isTest });
            setError(res.ok ? null : res.message);
          })
        }
      >
        {isTest ? t("unmarkTest") : t("markTest")}
      </Button>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </div>
  );
}
