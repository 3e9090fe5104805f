"use client";
// A page outside the console (sign-in, forbidden) that failed to render: translated, with a way back.
import { ErrorView } from "@/components/errors/error-view";

export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorView digest={error.digest} reset={reset} />;
}
