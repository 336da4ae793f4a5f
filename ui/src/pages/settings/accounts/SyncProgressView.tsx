import { Progress, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatClock, syncProviderName, type SyncProgressMessage } from "../../../lib/sync";

/** Where a running sync stands: the phase in words, fetched / total with a bar, the rate-limit wait. */
export function SyncProgressView({ provider, progress }: { provider: string; progress: SyncProgressMessage | null }) {
  const { t, i18n } = useTranslation();
  const name = syncProviderName(t, provider);
  const p = progress;
  const waiting = p?.waiting_until ? formatClock(p.waiting_until, i18n.language) : null;
  const known = !!p && p.total > 0;
  let text: string;
  if (waiting) text = t("accounts.progress.waiting", { provider: name, time: waiting });
  else if (p?.phase === "listing") text = t("accounts.progress.listing", { provider: name });
  else if (p?.phase === "wellness") text = t("accounts.progress.wellness");
  else if (known) text = t("accounts.progress.fetching", { fetched: p.fetched, total: p.total });
  else text = t("accounts.progress.starting");
  return (
    <Stack gap={4} data-testid="account-progress" data-phase={p?.phase ?? "starting"}>
      <Text size="sm" data-testid="account-progress-text">
        {text}
      </Text>
      {/* Striped and moving while the total is not known yet, or while waiting. */}
      <Progress
        value={known ? Math.min(100, (p.fetched / p.total) * 100) : 100}
        striped={!known || !!waiting}
        animated={!known || !!waiting}
        color={waiting ? "yellow" : "blue"}
        aria-label={text}
      />
      {p?.current && !waiting && (
        <Text size="xs" c="dimmed" truncate>
          {p.current}
        </Text>
      )}
    </Stack>
  );
}
