// Types and helpers for the sync accounts (Strava, intervals.icu, Garmin
// Connect). The types are the generated ones in ../bindings: what Rust sends
// (the `_Serialize` shapes) and what it accepts (`_Deserialize`).
import type { TFunction } from "i18next";
import type {
  AccountDto_Serialize as Account,
  AccountOptions_Deserialize as AccountOptions,
  GarminConnectInput,
  GarminSignInDto_Serialize as GarminSignIn,
  IntervalsConnectInput,
  MissingUpstreamDto_Serialize as MissingUpstream,
  StravaConnectInput,
  SyncErrorDto as SyncError,
  SyncProgress_Deserialize,
  SyncProgress_Serialize as SyncProgress,
  SyncStatusDto_Serialize as SyncStatus,
  SyncSummary_Serialize as SyncSummary,
} from "../bindings";

export type {
  Account,
  AccountOptions,
  GarminConnectInput,
  GarminSignIn,
  IntervalsConnectInput,
  MissingUpstream,
  StravaConnectInput,
  SyncError,
  SyncProgress,
  SyncStatus,
  SyncSummary,
};

/**
 * What sync_now sends on its channel (the generated `Channel<…_Deserialize>`
 * shape; the status's progress fits it too).
 */
export type SyncProgressMessage = SyncProgress_Deserialize;

/** The providers, in the order the Accounts tab lists them. */
export const SYNC_PROVIDERS = ["strava", "intervals_icu", "garmin_connect"] as const;
export type SyncProvider = (typeof SYNC_PROVIDERS)[number];

export function isSyncProvider(x: unknown): x is SyncProvider {
  return typeof x === "string" && (SYNC_PROVIDERS as readonly string[]).includes(x);
}

/** The provider's name (brand names: the same in every language); an unknown id as sent. */
export const syncProviderName = (t: TFunction, id: string) => (isSyncProvider(id) ? t(`accounts.providers.${id}`) : id);

/** Background sync intervals offered, in minutes (0: off). */
export const SYNC_INTERVALS = [0, 15, 30, 60, 180, 360] as const;
export const DEFAULT_SYNC_INTERVAL = 60;

/** History for the first sync, in days (0: all of it, which the backend stores as none). */
export const BACKFILL_CHOICES = [0, 365, 730, 1825] as const;

/** The choice an account's backfill matches; a value set elsewhere (the CLI) shows as "all" only when none. */
export function backfillChoice(days: number | null | undefined): string {
  return String(days ?? 0);
}

/** Account states the UI has words and colours for. */
export const ACCOUNT_STATES = ["idle", "running", "waiting", "error", "disconnected"] as const;
export const STATE_COLORS: Record<string, string> = {
  idle: "teal",
  running: "blue",
  waiting: "yellow",
  error: "red",
  disconnected: "gray",
};

/**
 * What to tell the athlete for an error code, by family. `keychain` and
 * `secret_store` are the same thing said two ways (the boundary's code for the
 * OS keychain is `secret_store`).
 */
export type ErrorAdvice =
  | "unauthorized"
  | "rate_limited"
  | "unreachable"
  | "provider_error"
  | "sign_in"
  | "keychain"
  | "busy"
  | "cancelled"
  | "other";

export function errorAdvice(code: string): ErrorAdvice {
  switch (code) {
    case "unauthorized":
    case "rate_limited":
    case "unreachable":
    case "provider_error":
    case "sign_in":
    case "busy":
    case "cancelled":
      return code;
    case "keychain":
    case "secret_store":
      return "keychain";
    default:
      return "other";
  }
}

/** "14:45" (or "2:45 PM"), with the date in front when it is not today. */
export function formatClock(iso: string, locale: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameDay = d.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(locale, sameDay ? { timeStyle: "short" } : { dateStyle: "medium", timeStyle: "short" }).format(d);
}

/**
 * Tells whoever shows sync state (the app frame's indicator) that it changed
 * now, rather than at its next poll: a sync finished, an account connected.
 */
export const SYNC_CHANGED_EVENT = "tempo:sync-changed";
export function notifySyncChanged() {
  window.dispatchEvent(new Event(SYNC_CHANGED_EVENT));
}
