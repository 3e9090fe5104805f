// One numbered step of the composer: a titled card with a line on what the step decides.
import type { ReactNode } from "react";
import { useId } from "react";

interface Props {
  step: number;
  title: string;
  description: string;
  // Shown at the right of the header (a count, a status).
  aside?: ReactNode;
  children: ReactNode;
}

export function ComposerSection({ step, title, description, aside, children }: Props) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <header className="flex flex-wrap items-start gap-3 border-b border-slate-200 px-5 py-4">
        <span
          aria-hidden
          className={
            "mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-600 text-xs " +
            "font-semibold text-white"
          }
        >
          {step}
        </span>
        <div className="min-w-0 flex-1">
          <h2 id={id} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          <p className="mt-0.5 text-sm text-slate-600">{description}</p>
        </div>
        {aside ? <div className="shrink-0">{aside}</div> : null}
      </header>
      <div className="space-y-5 p-5">{children}</div>
    </section>
  );
}
