"use client";
// Submits a form to a server action in a transition and keeps the typed values on errors
// (a plain <form action> would reset the inputs after every submission).
import { useState, useTransition, type FormEvent } from "react";
import { idleResult, type ActionResult } from "@/lib/action-result";

export function useFormAction<R>(
  action: (form: FormData) => Promise<ActionResult<R>>,
  onSuccess?: (data: R, form: HTMLFormElement) => void,
) {
  const [result, setResult] = useState<ActionResult<R>>(idleResult);
  const [pending, startTransition] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    startTransition(async () => {
      const next = await action(data);
      setResult(next);
      if (next.ok) onSuccess?.(next.data, form);
    });
  }
  return { result, pending, onSubmit, reset: () => setResult(idleResult) };
}
