import { Badge, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Switch, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlayerStop, IconPlugConnected, IconRefresh, IconUnlink } from "@tabler/icons-react";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import type { ApiError } from "../../../lib/api";
import { formatRelative, run } from "../../../lib/ownData";
import {
  ACCOUNT_STATES,
  BACKFILL_CHOICES,
  STATE_COLORS,
  backfillChoice,
  formatClock,
  syncProviderName,
  type Account,
  type AccountOptions,
  type SyncProgressMessage,
} from "../../../lib/sync";
import { DisconnectModal } from "./DisconnectModal";
import { GarminForm } from "./GarminForm";
import { IntervalsForm } from "./IntervalsForm";
import { StravaForm, type ConnectFormProps } from "./StravaForm";
import { SyncErrorAlert } from "./SyncErrorAlert";
import { SyncProgressView } from "./SyncProgressView";

type Props = {
  account: Account;
  /** A sync of this account runs (started here or in the background). */
  syncing: boolean;
  progress: SyncProgressMessage | null;
  /** Another sync runs: one at a time. */
  busy: boolean;
  /** Why the last "Sync now" of this account could not start. */
  syncError: ApiError | null;
  onSync: () => void;
  onCancelSync: () => void;
  onChanged: (a: Account) => void;
};

const FORMS: Partial<Record<string, (p: ConnectFormProps) => ReactNode>> = {
  strava: StravaForm,
  intervals_icu: IntervalsForm,
  garmin_connect: GarminForm,
};

/** One provider: its state, figures, last error, live progress, options and actions. */
export function AccountCard({ account: a, syncing, progress, busy, syncError, onSync, onCancelSync, onChanged }: Props) {
  const { t } = useTranslation();
  const [connecting, setConnecting] = useState(false);
  const [disconnecting, setDisconnecting] = useState(false);
  const name = syncProviderName(t, a.provider);
  const Form = FORMS[a.provider];
  const state = syncing ? "running" : a.state;
  const unauthorized = a.last_error?.code === "unauthorized";

  const connected = (next: Account) => {
    setConnecting(false);
    notifications.show({ color: "teal", message: t("accounts.connected", { provider: name }) });
    onChanged(next);
  };

  return (
    <Card withBorder radius="lg" padding="xl" data-testid="account-card" data-provider={a.provider} data-connected={a.connected}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={4}>{a.label || name}</Title>
            <Text size="sm" c="dimmed" data-testid="account-name">
              {a.connected
                ? a.account_name
                  ? t("accounts.connectedAs", { name: a.account_name })
                  : t("accounts.connectedNoName")
                : t("accounts.notConnected")}
            </Text>
          </Stack>
          {a.connected && (
            <Badge color={STATE_COLORS[state] ?? "gray"} variant="light" data-testid="account-state" data-state={state}>
              {(ACCOUNT_STATES as readonly string[]).includes(state) ? t(`accounts.states.${state}`) : state}
            </Badge>
          )}
        </Group>

        {a.connected && <Figures account={a} />}
        {syncing && <SyncProgressView provider={a.provider} progress={progress} />}
        {!syncing && a.rate_limited_until && <RateLimit provider={a.provider} until={a.rate_limited_until} />}
        {a.last_error && !syncing && (
          <SyncErrorAlert
            provider={a.provider}
            code={a.last_error.code}
            message={a.last_error.message}
            until={a.rate_limited_until}
            onReconnect={Form ? () => setConnecting(true) : undefined}
          />
        )}
        {syncError && <SyncErrorAlert provider={a.provider} code={syncError.code} message={syncError.message} testId="account-sync-error" />}
        {a.connected && <Options account={a} onChanged={onChanged} />}

        {connecting && Form ? (
          <Card withBorder radius="md" padding="md" bg="var(--mantine-color-default-hover)">
            <Form onConnected={connected} onClose={() => setConnecting(false)} />
          </Card>
        ) : (
          <Group justify="flex-end" gap="xs">
            {(!a.connected || unauthorized) && Form && (
              <Button leftSection={<IconPlugConnected size={16} />} onClick={() => setConnecting(true)} data-testid="account-connect">
                {a.connected ? t("accounts.reconnect") : t("accounts.connect")}
              </Button>
            )}
            {a.connected &&
              (syncing ? (
                <Button variant="default" leftSection={<IconPlayerStop size={16} />} onClick={onCancelSync} data-testid="account-sync-cancel">
                  {t("accounts.cancelSync")}
                </Button>
              ) : (
                <Button variant="light" leftSection={<IconRefresh size={16} />} onClick={onSync} disabled={busy} data-testid="account-sync">
                  {t("accounts.syncNow")}
                </Button>
              ))}
            {a.connected && (
              <Button variant="subtle" color="red" leftSection={<IconUnlink size={16} />} onClick={() => setDisconnecting(true)} disabled={syncing} data-testid="account-disconnect">
                {t("accounts.disconnect.button")}
              </Button>
            )}
          </Group>
        )}
      </Stack>
      {/* Mounted only while asked, so each card's closed modal leaves nothing in the page. */}
      {disconnecting && (
        <DisconnectModal
          account={a}
          opened
          onClose={() => setDisconnecting(false)}
          onDisconnected={(next) => {
            setDisconnecting(false);
            notifications.show({ color: "teal", message: t("accounts.disconnect.done", { provider: name }) });
            onChanged(next);
          }}
        />
      )}
    </Card>
  );
}

/** Last and next sync, and the counts. */
function Figures({ account: a }: { account: Account }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const figures: [string, ReactNode][] = [
    ["last-sync", a.last_success_at ? formatRelative(a.last_success_at, lng) : t("accounts.never")],
    ["next-run", a.next_run_at && a.enabled ? formatRelative(a.next_run_at, lng) : t("accounts.noNextRun")],
    ["activities", a.activities],
    ["pending", a.pending],
    ["failed", a.failed],
    ["missing", a.missing_upstream],
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" verticalSpacing={6} data-testid="account-figures">
      {figures.map(([key, value]) => (
        <Stack key={key} gap={0}>
          <Text size="xs" c="dimmed">
            {t(`accounts.figures.${key}`)}
          </Text>
          <Text size="sm" fw={600} data-testid={`account-${key}`}>
            {value}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}

function RateLimit({ provider, until }: { provider: string; until: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Text size="sm" c="yellow.8" data-testid="account-rate-limit">
      {t("accounts.rateLimit", { provider: syncProviderName(t, provider), time: formatClock(until, i18n.language) })}
    </Text>
  );
}

/** Background sync on or off, and how far back the first sync goes. */
function Options({ account: a, onChanged }: { account: Account; onChanged: (a: Account) => void }) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<string | null>(null);

  const save = async (options: AccountOptions) => {
    setFailure(null);
    const res = await run(() => commands.accountSetOptions(a.provider, options));
    if (res.status === "ok") onChanged(res.data);
    else setFailure(res.error.message);
  };

  return (
    <Stack gap={4}>
      <Group align="flex-end" gap="xl">
        <Switch
          checked={a.enabled}
          onChange={(e) => void save({ enabled: e.currentTarget.checked })}
          label={t("accounts.options.enabled")}
          data-testid="account-enabled"
        />
        <NativeSelect
          label={t("accounts.options.backfill")}
          description={a.backfill_done ? t("accounts.options.backfillDone") : undefined}
          value={backfillChoice(a.backfill_days)}
          onChange={(e) => void save({ backfill_days: Number(e.currentTarget.value) })}
          data={BACKFILL_CHOICES.map((d) => ({ value: String(d), label: t(`accounts.options.backfillChoices.${d}`) }))}
          w={260}
          data-testid="account-backfill"
        />
      </Group>
      {failure && (
        <Text size="xs" c="red" data-testid="account-options-error">
          {failure}
        </Text>
      )}
    </Stack>
  );
}
