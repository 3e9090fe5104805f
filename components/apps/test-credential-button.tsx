"use client";
// "Test credentials" on a credential card: asks the server to check the stored credential against
// the vendor and shows the answer under the card's actions: it works, or the vendor's code and words.
import { PlugZap } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { formResultRules, useActionResultText } from "@/components/forms/result-text";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action-result";
import type { CredentialChannel } from "@/lib/channels";
import { testCredential } from "@/server/dispatch/credential-actions";

type Check = Awaited<ReturnType<typeof testCredential>>;

const rules = { ...formResultRules, status: { ...formResultRules.status, 429: "credentials.checkTooSoon" } };

export function TestCredentialButton({ appId, channel }: { appId: string; channel: CredentialChannel }) {
  const t = useTranslations("apps.credentials");
  const text = useActionResultText("apps", rules);
  const [pending, start] = useTransition();
  const [result, setResult] = useState<Check | null>(null);
  const run = () =>
    start(async () => {
      setResult(null);
      setResult(await testCredential({ appId, channel }));
    });
  return (
    <>
      <Button size="sm" variant="secondary" onClick={run} disabled={pending} data-testid={`test-credential-${channel}`}>
        <PlugZap className="size-4" aria-hidden />
        {pending ? t("testing") : t("test")}
      </Button>
      {result ? (
        <div className="basis-full" data-testid={`credential-check-${channel}`}>
          <CheckResult result={result} failed={text.formError(result as ActionResult)} />
        </div>
      ) : null}
    </>
  );
}

function CheckResult({ result, failed }: { result: Check; failed: string | null }) {
  const t = useTranslations("apps.credentials");
  if (!result.ok) return <Alert tone="error">{failed}</Alert>;
  if (result.data.ok) return <Alert tone="success">{t("testPassed")}</Alert>;
  return (
    <Alert tone="error">
      {t("testFailed")} <span className="font-mono text-xs break-all">{result.data.code}</span>{" "}
      <span className="break-words">{result.data.message}</span>
    </Alert>
  );
}
