"use client";
// A select whose change navigates or saves: the change runs as a transition and `pending` disables
// the select meanwhile (the app picker, the language switch, the report's type filter).
import { useTransition, type ChangeEvent } from "react";

export function useSelectTransition(run: (value: string) => void | Promise<void>) {
  const [pending, startTransition] = useTransition();
  const onChange = (event: ChangeEvent<HTMLSelectElement>) => {
    const next = event.target.value;
    startTransition(() => run(next));
  };
  return { pending, onChange };
}
