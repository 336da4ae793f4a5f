import { Alert, Skeleton, Stack } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { Channel } from "@tauri-apps/api/core";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import type { ApiError } from "../../lib/api";
import { run } from "../../lib/ownData";
import {
  SYNC_PROVIDERS,
  formatClock,
  notifySyncChanged,
  syncProviderName,
  type Account,
  type MissingUpstream,
  type SyncProgressMessage,
  type SyncSummary,
} from "../../lib/sync";
import { useCommand } from "../../lib/useProfile";
import { useSyncStatus } from "../../lib/useSyncStatus";
import { AccountCard } from "./accounts/AccountCard";
import { MissingUpstreamSection } from "./accounts/MissingUpstreamSection";
import { SyncErrorAlert } from "./accounts/SyncErrorAlert";
import { SyncIntervalSelect } from "./accounts/SyncIntervalSelect";

/** A "Sync now" started from this tab. */
type OwnSync = { provider: string; progress: SyncProgressMessage | null };

const order = (a: Account) => {
  const i = (SYNC_PROVIDERS as readonly string[]).indexOf(a.provider);
  return i < 0 ? SYNC_PROVIDERS.length : i;
};

/**
 * Settings › Accounts: the background sync interval, one card per provider
 * (connect, sync now, options, disconnect) and the activities a provider no
 * longer lists.
 */
export function AccountsTab() {
  const { t, i18n } = useTranslation();
  const accounts = useCommand<Account[]>(() => commands.accountsList());
  const missing = useCommand<MissingUpstream[]>(() => commands.syncMissing(null));
  const { status } = useSyncStatus();
  const [own, setOwn] = useState<OwnSync | null>(null);
  const [syncErrors, setSyncErrors] = useState<Record<string, ApiError>>({});

  // A background sync that just finished changed the counts and maybe the errors.
  const wasRunning = useRef(false);
  useEffect(() => {
    const running = !!status?.running;
    if (wasRunning.current && !running) {
      void accounts.reload();
      void missing.reload();
    }
    wasRunning.current = running;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status?.running]);

  const replace = (next: Account) => {
    accounts.setData((accounts.data ?? []).map((a) => (a.provider === next.provider ? next : a)));
    notifySyncChanged();
  };

  const syncNow = async (provider: string) => {
    setOwn({ provider, progress: null });
    setSyncErrors(({ [provider]: _, ...rest }) => rest);
    const channel = new Channel<SyncProgressMessage>();
    channel.onmessage = (progress) => setOwn((s) => (s ? { ...s, progress } : s));
    const res = await run(() => commands.syncNow(provider, channel));
    setOwn(null);
    if (res.status === "ok") res.data.forEach((s) => summarize(s));
    else if (res.error.code !== "cancelled") setSyncErrors((e) => ({ ...e, [provider]: res.error }));
    notifySyncChanged();
    void accounts.reload();
    void missing.reload();
  };

  // Failures show on the account's card (its last error) once the list reloads.
  const summarize = (s: SyncSummary) => {
    const provider = syncProviderName(t, s.provider);
    if (s.error) return;
    if (s.cancelled) notifications.show({ color: "yellow", message: t("accounts.summary.cancelled", { provider }) });
    else if (s.rate_limited_until)
      notifications.show({
        color: "yellow",
        message: t("accounts.summary.rateLimited", { provider, imported: s.imported, time: formatClock(s.rate_limited_until, i18n.language) }),
      });
    else
      notifications.show({
        color: "teal",
        title: t("accounts.summary.title", { provider }),
        message: t("accounts.summary.body", { imported: s.imported, merged: s.merged, failed: s.failed.length }),
      });
  };

  if (accounts.loading && !accounts.data) return <Skeleton h={420} radius="lg" />;
  if (!accounts.data)
    return accounts.error ? (
      <SyncErrorAlert provider="" code={accounts.error.code} message={accounts.error.message} testId="accounts-load-error" />
    ) : (
      <Alert color="red" variant="light" data-testid="accounts-load-error">
        {t("accounts.loadError")}
      </Alert>
    );

  const background = status?.running ? status.progress : null;
  const busy = own !== null || !!status?.running;
  return (
    <Stack gap="lg" maw={900}>
      <SyncIntervalSelect />
      {[...accounts.data]
        .sort((a, b) => order(a) - order(b))
        .map((a) => {
          const mine = own?.provider === a.provider;
          const bg = background?.provider === a.provider;
          return (
            <AccountCard
              key={a.provider}
              account={a}
              syncing={mine || bg || a.state === "running"}
              progress={mine ? own.progress : bg ? background : null}
              busy={busy}
              syncError={syncErrors[a.provider] ?? null}
              onSync={() => void syncNow(a.provider)}
              onCancelSync={() => void run(() => commands.syncCancel())}
              onChanged={replace}
            />
          );
        })}
      <MissingUpstreamSection
        items={missing.data ?? []}
        onResolved={() => {
          void missing.reload();
          void accounts.reload();
        }}
      />
    </Stack>
  );
}
