import { ActionIcon, Indicator, Tooltip } from "@mantine/core";
import { IconClockPause, IconCloudCheck, IconRefresh } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { formatRelative } from "../lib/ownData";
import { formatClock, syncProviderName, type SyncStatus } from "../lib/sync";
import { useSyncStatus } from "../lib/useSyncStatus";

type Look = { state: "running" | "waiting" | "idle"; label: string };

/** What the indicator shows, most pressing first: a running sync, a rate-limit wait, then the last sync. */
function look(s: SyncStatus, t: ReturnType<typeof useTranslation>["t"], locale: string): Look {
  if (s.running) {
    const p = s.progress;
    if (p?.waiting_until)
      return { state: "waiting", label: t("accounts.indicator.waiting", { provider: syncProviderName(t, p.provider), time: formatClock(p.waiting_until, locale) }) };
    if (p && p.total > 0)
      return { state: "running", label: t("accounts.indicator.running", { provider: syncProviderName(t, p.provider), fetched: p.fetched, total: p.total }) };
    return { state: "running", label: p ? t("accounts.indicator.runningProvider", { provider: syncProviderName(t, p.provider) }) : t("accounts.indicator.runningAll") };
  }
  if (s.rate_limited_until) return { state: "waiting", label: t("accounts.indicator.rateLimited", { time: formatClock(s.rate_limited_until, locale) }) };
  return {
    state: "idle",
    label: s.last_success_at ? t("accounts.indicator.lastSync", { when: formatRelative(s.last_success_at, locale) }) : t("accounts.indicator.never"),
  };
}

/**
 * The sync state in the app header, next to the inbox: turning while a sync
 * runs, a clock while a rate limit holds it back, a red dot when an account
 * needs attention. Hidden until an account is connected; a click opens
 * Settings → Accounts.
 */
export function SyncIndicator() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { status } = useSyncStatus();
  if (!status || status.connected === 0) return null;

  const { state, label: base } = look(status, t, i18n.language);
  const label = status.errors > 0 ? `${base} · ${t("accounts.indicator.errors", { count: status.errors })}` : base;
  const Icon = state === "waiting" ? IconClockPause : state === "running" ? IconRefresh : IconCloudCheck;
  return (
    <Tooltip label={label} withArrow position="bottom-end">
      <Indicator color="red" size={9} offset={6} disabled={status.errors === 0} data-testid="sync-indicator-dot" data-errors={status.errors}>
        <ActionIcon
          variant="subtle"
          color={status.errors > 0 ? "red" : state === "waiting" ? "yellow" : "gray"}
          size="lg"
          onClick={() => navigate("/settings/accounts")}
          aria-label={label}
          data-testid="sync-indicator"
          data-state={state}
        >
          {/* The turning arrows say "working" without reading the tooltip. */}
          <Icon size={20} stroke={1.7} className={state === "running" ? "tempo-spin" : undefined} />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}
