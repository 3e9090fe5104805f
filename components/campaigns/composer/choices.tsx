// Native checkboxes and radio cards in the console's look: real inputs, so labels, keyboard and
// screen readers work as everywhere else, and forms tests can use getByLabel().check().
import type { InputHTMLAttributes, ReactNode } from "react";
import { FieldGroup } from "@/components/ui/field-group";
import { cn } from "@/lib/cn";

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "type">;

// A checkbox with its label and an optional hint under it.
export function CheckboxField({
  label,
  hint,
  className,
  ...props
}: InputProps & { label: ReactNode; hint?: ReactNode }) {
  return (
    <label
      className={cn(
        "flex items-start gap-2.5 text-sm",
        props.disabled ? "text-slate-400" : "text-slate-800",
        className,
      )}
    >
      <input type="checkbox" className="mt-0.5 size-4 shrink-0 rounded border-slate-300 accent-brand-600" {...props} />
      <span>
        <span className="font-medium">{label}</span>
        {hint ? <span className="block text-xs font-normal text-slate-500">{hint}</span> : null}
      </span>
    </label>
  );
}

// A radio option drawn as a card (title, description, optional icon); the checked card is highlighted.
export function RadioCard({
  label,
  description,
  icon,
  className,
  ...props
}: InputProps & { label: ReactNode; description?: ReactNode; icon?: ReactNode }) {
  return (
    <label
      className={cn(
        "flex cursor-pointer items-start gap-3 rounded-lg border p-3 text-sm transition-colors " +
          "has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 has-[:focus-visible]:ring-2 " +
          "has-[:focus-visible]:ring-brand-500/40",
        props.disabled
          ? "cursor-not-allowed border-slate-200 bg-slate-50 text-slate-400"
          : "border-slate-200 bg-white hover:border-slate-300",
        className,
      )}
    >
      <input type="radio" className="mt-0.5 size-4 shrink-0 accent-brand-600" {...props} />
      {icon ? (
        <span aria-hidden className="mt-0.5 text-slate-500">
          {icon}
        </span>
      ) : null}
      <span className="min-w-0">
        <span className="block font-medium text-slate-900">{label}</span>
        {description ? <span className="mt-0.5 block text-xs text-slate-600">{description}</span> : null}
      </span>
    </label>
  );
}

// The error line under a group of controls (a fieldset has no single input to describe).
export function GroupErrors({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} role="alert" className="text-xs text-red-600">
      {errors.join(" ")}
    </p>
  );
}

// One choice of a RadioCardGroup.
export interface RadioOption<V extends string> {
  value: V;
  label: ReactNode;
  description?: ReactNode;
  icon?: ReactNode;
  disabled?: boolean;
}

// Radio cards under one legend, in a grid; `children` follow the cards (a note, the group's errors).
export function RadioCardGroup<V extends string>({
  legend,
  name,
  gridClassName,
  options,
  value,
  onChange,
  children,
}: {
  legend: ReactNode;
  name: string;
  gridClassName: string;
  options: readonly RadioOption<V>[];
  value: V;
  onChange: (value: V) => void;
  children?: ReactNode;
}) {
  return (
    <FieldGroup legend={legend}>
      <div className={gridClassName}>
        {options.map((option) => (
          <RadioCard
            key={option.value}
            name={name}
            value={option.value}
            checked={value === option.value}
            disabled={option.disabled}
            onChange={() => onChange(option.value)}
            label={option.label}
            description={option.description}
            icon={option.icon}
          />
        ))}
      </div>
      {children}
    </FieldGroup>
  );
}

// A checkbox per option (channels, weekdays); the selection keeps the options' order.
export function CheckboxList<V extends string>({
  name,
  className,
  options,
  label,
  selected,
  onChange,
}: {
  name: string;
  className: string;
  options: readonly V[];
  label: (option: V) => ReactNode;
  selected: readonly V[];
  onChange: (selected: V[]) => void;
}) {
  return (
    <div className={className}>
      {options.map((option) => (
        <CheckboxField
          key={option}
          name={name}
          value={option}
          label={label(option)}
          checked={selected.includes(option)}
          onChange={(e) =>
            onChange(
              e.target.checked
                ? options.filter((o) => o === option || selected.includes(o))
                : selected.filter((o) => o !== option),
            )
          }
        />
      ))}
    </div>
  );
}
