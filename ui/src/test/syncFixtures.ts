// Fixtures and happy command mocks for the sync accounts (spread into makeCommands).
import type { Channel } from "@tauri-apps/api/core";
import { vi } from "vitest";
import { commands } from "../bindings";
import type { Account, AccountOptions, GarminConnectInput, IntervalsConnectInput, MissingUpstream, StravaConnectInput, SyncProgressMessage, SyncStatus, SyncSummary } from "../lib/sync";

const ok = <T,>(data: T) => ({ status: "ok" as const, data });

/** An account as a fresh install has it. */
export function account(provider: string, label: string, over: Partial<Account> = {}): Account {
  return {
    provider,
    label,
    connected: false,
    account_name: null,
    connected_at: null,
    enabled: true,
    one_time: false,
    backfill_days: null,
    state: "disconnected",
    last_success_at: null,
    last_attempt_at: null,
    next_run_at: null,
    last_error: null,
    rate_limited_until: null,
    backfill_done: false,
    activities: 0,
    pending: 0,
    failed: 0,
    missing_upstream: 0,
    ...over,
  };
}

/** Strava connected and idle (synced two hours before TEST_NOW), the others not connected. */
export const stravaConnected = account("strava", "Strava", {
  connected: true,
  account_name: "Camille Martin",
  connected_at: "2026-03-01T09:00:00Z",
  state: "idle",
  last_success_at: new Date(2026, 2, 15, 8, 0).toISOString(),
  last_attempt_at: new Date(2026, 2, 15, 8, 0).toISOString(),
  next_run_at: new Date(2026, 2, 15, 10, 40).toISOString(),
  backfill_days: 730,
  backfill_done: true,
  activities: 412,
  pending: 3,
  failed: 1,
  missing_upstream: 1,
});
export const accounts: Account[] = [stravaConnected, account("intervals_icu", "intervals.icu"), account("garmin_connect", "Garmin Connect")];

export const missing: MissingUpstream[] = [
  { provider: "strava", remote_id: "9876", activity_id: 77, name: "Morning run", start: "2026-02-20T07:10:00Z" },
];

export const syncStatusIdle: SyncStatus = {
  running: false,
  progress: null,
  connected: 1,
  next_run_at: stravaConnected.next_run_at,
  last_success_at: stravaConnected.last_success_at,
  errors: 0,
  rate_limited_until: null,
};

export const summary = (over: Partial<SyncSummary> = {}): SyncSummary => ({
  provider: "strava",
  listed: 4,
  imported: 3,
  merged: 1,
  duplicates: 0,
  failed: [],
  wellness_days: 0,
  backfill_done: true,
  rate_limited_until: null,
  cancelled: false,
  error: null,
  activity_ids: [500, 501, 502],
  seconds: 4.2,
  ...over,
});

const connectedAs = (provider: string, name: string) => {
  const base = accounts.find((a) => a.provider === provider)!;
  return { ...base, connected: true, account_name: name, state: "idle" } satisfies Account;
};

export function makeSyncCommands() {
  return {
    accountsList: vi.fn(async () => ok(accounts)),
    accountConnectStrava: vi.fn(async (_input: StravaConnectInput) => ok(stravaConnected)),
    accountConnectIntervals: vi.fn(async (input: IntervalsConnectInput) => ok(connectedAs("intervals_icu", input.athlete_id))),
    accountConnectGarmin: vi.fn(async (input: GarminConnectInput) => ok({ status: "connected", account: connectedAs("garmin_connect", input.username) })),
    accountGarminMfa: vi.fn(async (_code: string) => ok(connectedAs("garmin_connect", "camille@example.com"))),
    accountConnectCancel: vi.fn(async () => ok(true)),
    accountDisconnect: vi.fn(async (provider: string) => ok(account(provider, accounts.find((a) => a.provider === provider)?.label ?? provider))),
    accountSetOptions: vi.fn(async (provider: string, options: AccountOptions) => {
      const a = accounts.find((x) => x.provider === provider)!;
      return ok({ ...a, enabled: options.enabled ?? a.enabled, backfill_days: options.backfill_days === 0 ? null : (options.backfill_days ?? a.backfill_days) });
    }),
    syncNow: vi.fn(async (_provider: string | null, _ch: Channel<SyncProgressMessage>) => ok([summary()])),
    syncCancel: vi.fn(async () => ok(true)),
    syncStatus: vi.fn(async () => ok(syncStatusIdle)),
    syncMissing: vi.fn(async (_provider: string | null) => ok(missing)),
    syncResolveMissing: vi.fn(async (_provider: string, _remoteId: string, _deleteLocal: boolean) => ok(null)),
  };
}

/** The typed mocks of the sync commands (the test file mocks the bindings and calls setupCommandMocks). */
export function syncMocks() {
  return {
    accountsList: vi.mocked(commands.accountsList),
    accountConnectStrava: vi.mocked(commands.accountConnectStrava),
    accountConnectIntervals: vi.mocked(commands.accountConnectIntervals),
    accountConnectGarmin: vi.mocked(commands.accountConnectGarmin),
    accountGarminMfa: vi.mocked(commands.accountGarminMfa),
    accountConnectCancel: vi.mocked(commands.accountConnectCancel),
    accountDisconnect: vi.mocked(commands.accountDisconnect),
    accountSetOptions: vi.mocked(commands.accountSetOptions),
    syncNow: vi.mocked(commands.syncNow),
    syncCancel: vi.mocked(commands.syncCancel),
    syncStatus: vi.mocked(commands.syncStatus),
    syncMissing: vi.mocked(commands.syncMissing),
    syncResolveMissing: vi.mocked(commands.syncResolveMissing),
  };
}
