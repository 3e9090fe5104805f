// The props of a small coloured box (alert, badge): its tone from the component's own palette.
import type { ReactNode } from "react";

export interface TonedProps<Tone extends string> {
  tone?: Tone;
  children: ReactNode;
  className?: string;
}
