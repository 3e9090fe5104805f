// A push provider as the dispatcher uses it, measured for /metrics: each send() call's duration by
// channel (herald_provider_request_duration_seconds) and each message's answer by channel and outcome
// (herald_messages_total). A call that throws counts its messages as `error`, or `configuration_error`
// when the credential is unusable. provider-cache.ts wraps every provider it builds, so the senders'
// code stays free of metrics.
import "server-only";
import { countMessages, countUnansweredMessages, startProviderTimer } from "@/server/ops/metrics";
import { ProviderConfigurationError, type PushProvider } from "./providers/types";

export function measuredProvider(provider: PushProvider): PushProvider {
  return {
    channel: provider.channel,
    limits: provider.limits,
    async send(batch) {
      const end = startProviderTimer(provider.channel);
      try {
        const results = await provider.send(batch);
        countMessages(provider.channel, results);
        return results;
      } catch (error) {
        const outcome = error instanceof ProviderConfigurationError ? "configuration_error" : "error";
        countUnansweredMessages(provider.channel, batch.messages.length, outcome);
        throw error;
      } finally {
        end();
      }
    },
    close: () => provider.close(),
  };
}
