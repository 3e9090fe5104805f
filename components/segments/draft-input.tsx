"use client";
// A text input that commits only a valid value: typing keeps a local draft, Enter or leaving the
// field commits it when `parse` accepts it, Escape goes back to the committed value. Keeps the
// expression from ever holding a half-typed condition that would not parse.
import { useId, useState, type InputHTMLAttributes } from "react";
import { cn } from "@/lib/cn";

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange"> {
  value: string;
  // The committed value for a draft, or null when the draft is not acceptable.
  parse: (draft: string) => string | null;
  onCommit: (value: string) => void;
  errorText: string;
  label: string;
}

export function DraftInput({ value, parse, onCommit, errorText, label, className, ...rest }: Props) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [invalid, setInvalid] = useState(false);
  // A new committed value (from this input or from the text editor) replaces the draft; React's
  // documented way to reset state on a prop change without an effect.
  const [committed, setCommitted] = useState(value);
  if (committed !== value) {
    setCommitted(value);
    setDraft(value);
    setInvalid(false);
  }
  const commit = () => {
    const parsed = parse(draft);
    if (parsed === null) return setInvalid(true);
    setInvalid(false);
    if (parsed !== value) onCommit(parsed);
    else setDraft(value);
  };
  return (
    <span className="inline-flex flex-col">
      <input
        {...rest}
        aria-label={label}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            commit();
          } else if (event.key === "Escape" && draft !== value) {
            // Only swallow Escape when there is something to undo; otherwise it closes the dialog.
            event.preventDefault();
            event.stopPropagation();
            setDraft(value);
            setInvalid(false);
          }
        }}
        className={cn(
          "h-8 rounded-md border border-slate-300 bg-white px-2 text-sm focus:border-brand-500 " +
            "focus:ring-2 focus:ring-brand-500/30 focus:outline-none",
          invalid && "border-red-500",
          className,
        )}
      />
      {invalid ? (
        <span id={`${id}-error`} role="alert" className="mt-0.5 text-xs text-red-600">
          {errorText}
        </span>
      ) : null}
    </span>
  );
}
