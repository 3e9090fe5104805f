// The Postgres NOTIFY channel that wakes dispatch workers. Whoever makes work due notifies it (the
// campaign lifecycle when a campaign is scheduled or resumed, fan-out when it writes batches, a
// recurring campaign's next run) and the dispatcher listens on it. It sits outside both campaigns and
// dispatch so that the campaign lifecycle can wake the dispatcher without importing it.
import "server-only";

// The channel name (LISTEN / pg_notify).
export const DISPATCH_CHANNEL = "herald_dispatch";
