"use client";
// The campaign page's one client source of truth for the campaign's state and progress: it asks
// GET /api/campaigns/{id}/progress on the schedule of lib/campaigns/live-poll (every second while it
// sends, then less and less often for a day of receipts and opens), and the header's state badge,
// the banner under the buttons and the progress card all read it. When the state changes, the
// server-rendered parts (buttons, waves, summary) are refreshed in place, without a reload.
//
// Polling rather than server-sent events: the figures live in PostgreSQL rows that the worker, another
// process, writes; a push would need a LISTEN connection per open page and a stream that proxies may
// buffer or cut, while one indexed read per second per open page is cheap, resumes by itself after a
// restart or a lost connection, and simply stops while the tab is hidden (and starts again when it
// is shown or focused).
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { bannerKey, nextPollDelay } from "@/lib/campaigns/live-poll";
import type { CampaignProgress as Progress } from "@/lib/campaigns/types";

export interface CampaignLiveValue {
  state: string;
  // Null before the campaign was ever scheduled (a draft's page has no progress card).
  progress: Progress | null;
  // Messages per second over the last ~10 s, null until two samples.
  rate: number | null;
  // The last request failed; retrying.
  stale: boolean;
  // The lifecycle button the user pressed, and the state it led to (the banner's message).
  announced: string | null;
  announce(state: string): void;
}

const LiveContext = createContext<CampaignLiveValue | null>(null);

// The live state and progress, or null outside a campaign page (a static render of a card).
export function useCampaignLive(): CampaignLiveValue | null {
  return useContext(LiveContext);
}

// Messages per second over the samples.
function rateOf(samples: Array<{ t: number; done: number }>): number | null {
  if (samples.length < 2) return null;
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const seconds = (last.t - first.t) / 1000;
  return seconds > 0 ? Math.max(0, (last.done - first.done) / seconds) : null;
}

export function CampaignLive({
  campaignId,
  state: initialState,
  initial,
  children,
}: {
  campaignId: string;
  state: string;
  initial: Progress | null;
  children: ReactNode;
}) {
  const router = useRouter();
  const [progress, setProgress] = useState(initial);
  const [state, setState] = useState(initialState);
  const [rate, setRate] = useState<number | null>(null);
  const [stale, setStale] = useState(false);
  const [announced, setAnnounced] = useState<string | null>(null);
  const samples = useRef<Array<{ t: number; done: number }>>([]);
  const facts = useRef({ state: initialState, completedAt: initial?.completedAt ?? null, at: initial?.at ?? "" });
  // Asks at once (after an action or a newer server render: the schedule may have been a slow one).
  const kick = useRef<() => void>(() => undefined);
  // The server render has the breakdowns: the first request can wait for its turn.
  const rendered = useRef(Boolean(initial?.failures));

  // A server render newer than what was polled (after an action or a refresh) is taken as it is.
  useEffect(() => {
    if (!initial || initial.at <= facts.current.at) return;
    facts.current = { state: initial.state, completedAt: initial.completedAt, at: initial.at };
    setProgress(initial);
    setState(initial.state);
    kick.current();
  }, [initial]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let polls = 0;
    const schedule = () => {
      clearTimeout(timer);
      timer = undefined;
      if (stopped || document.visibilityState === "hidden") return;
      const delay = nextPollDelay(facts.current, Date.now(), failures);
      if (delay !== null) timer = setTimeout(guarded, delay);
    };
    const poll = async () => {
      timer = undefined;
      polls += 1;
      try {
        const details = polls % 5 === 1 ? "?details=1" : "";
        const response = await fetch(`/api/campaigns/${campaignId}/progress${details}`, { cache: "no-store" });
        if (!response.ok) throw new Error(String(response.status));
        const next = (await response.json()) as Progress;
        if (stopped) return;
        failures = 0;
        // An answer older than a server render taken meanwhile (an action's) would undo it.
        if (next.at <= facts.current.at) return schedule();
        const before = facts.current.state;
        facts.current = { state: next.state, completedAt: next.completedAt, at: next.at };
        const t = Date.parse(next.at);
        samples.current = [...samples.current, { t, done: next.sent + next.failed }].filter((s) => t - s.t <= 10_000);
        setRate(rateOf(samples.current));
        setProgress((old) => ({
          ...next,
          failures: next.failures ?? old?.failures,
          suppressions: next.suppressions ?? old?.suppressions,
          detailRemoved: next.detailRemoved ?? old?.detailRemoved,
        }));
        setState(next.state);
        setStale(false);
        // The buttons, waves and summary were rendered for the old state.
        if (before !== next.state) router.refresh();
      } catch {
        if (stopped) return;
        failures += 1;
        setStale(true);
      }
      schedule();
    };
    let polling = false;
    const guarded = async () => {
      if (polling) return;
      polling = true;
      try {
        await poll();
      } finally {
        polling = false;
      }
    };
    const now = () => {
      clearTimeout(timer);
      timer = setTimeout(guarded, 0);
    };
    const wake = () => {
      if (document.visibilityState === "hidden") {
        clearTimeout(timer);
        timer = undefined;
      } else if (timer === undefined && !polling) now();
    };
    kick.current = now;
    if (rendered.current) schedule();
    else now();
    document.addEventListener("visibilitychange", wake);
    window.addEventListener("focus", wake);
    return () => {
      stopped = true;
      kick.current = () => undefined;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", wake);
      window.removeEventListener("focus", wake);
    };
  }, [campaignId, router]);

  // The state itself comes with the server render the action brought (or the request made here), so
  // the badge never runs ahead of the buttons rendered for it.
  const announce = useCallback((next: string) => {
    setAnnounced(next);
    kick.current();
  }, []);
  const value = useMemo(
    () => ({ state, progress, rate, stale, announced, announce }),
    [state, progress, rate, stale, announced, announce],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

const stateTones: Record<string, "neutral" | "amber" | "blue" | "green" | "red"> = {
  draft: "neutral",
  pending_approval: "amber",
  scheduled: "blue",
  sending: "blue",
  paused: "amber",
  completed: "green",
  cancelled: "neutral",
  failed: "red",
};

// The header's state badge, following the live state.
export function LiveStateBadge({ state: rendered }: { state: string }) {
  const t = useTranslations("campaigns");
  const state = useCampaignLive()?.state ?? rendered;
  return (
    <Badge tone={stateTones[state] ?? "neutral"}>
      <span data-testid="campaign-state">{t(`state.${state}`)}</span>
    </Badge>
  );
}

// The banner under the lifecycle buttons: what the button just did while that is still the state,
// then what the campaign is doing now (a send-now never keeps saying it is scheduled "as planned").
export function LiveStateBanner({ sendNow }: { sendNow: boolean }) {
  const t = useTranslations("campaigns.actions");
  const live = useCampaignLive();
  // A send-now campaign starts at once unless its first wave waits (quiet hours): then "as planned" is true.
  // (Measured against the time the figures were read, so rendering stays pure.)
  const progress = live?.progress;
  const waves = progress?.waves ?? [];
  const firstDue = waves.length ? Math.min(...waves.map((w) => Date.parse(w.dueAt))) : null;
  const startsNow = sendNow && (!progress || firstDue === null || firstDue <= Date.parse(progress.at) + 60_000);
  const key = live ? bannerKey(live.state, live.announced, startsNow) : null;
  if (!live || !key) return null;
  const { state } = live;
  return (
    <Alert tone={state === "failed" ? "error" : "success"}>
      <span data-testid="campaign-banner">{t(key)}</span>
    </Alert>
  );
}
