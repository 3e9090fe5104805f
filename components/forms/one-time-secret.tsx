"use client";
// A dialog that shows a secret (API key, generated password) once, with a copy button and a warning.
import { Check, Copy, TriangleAlert } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

interface OneTimeSecretProps {
  title: string;
  label: string;
  warning: string;
  secret: string | null;
  onClose: () => void;
}

export function OneTimeSecret({ title, label, warning, secret, onClose }: OneTimeSecretProps) {
  const common = useTranslations("common");
  const [copied, setCopied] = useState(false);
  async function copy() {
    if (!secret) return;
    await navigator.clipboard.writeText(secret).catch(() => undefined);
    setCopied(true);
  }
  return (
    <Dialog
      open={secret !== null}
      onOpenChange={(open) => {
        if (!open) {
          setCopied(false);
          onClose();
        }
      }}
      title={title}
      closeLabel={common("close")}
    >
      <div className="space-y-4">
        <p
          className="flex gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          role="status"
        >
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          {warning}
        </p>
        <div>
          <p className="mb-1 text-sm font-medium text-slate-700">{label}</p>
          <div className="flex items-stretch gap-2">
            <code
              className={
                "min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm " +
                "break-all select-all"
              }
              data-testid="one-time-secret"
            >
              {secret}
            </code>
            <Button variant="secondary" onClick={copy} aria-live="polite">
              {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
              {copied ? common("copied") : common("copy")}
            </Button>
          </div>
        </div>
        <div className="flex justify-end">
          <Button
            onClick={() => {
              setCopied(false);
              onClose();
            }}
          >
            {common("close")}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
