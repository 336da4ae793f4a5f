// The sync accounts in the browser-only fake backend: Strava connected (with
// an activity it no longer lists), intervals.icu and Garmin Connect not;
// connecting (Strava "waits for the browser", Garmin asks for a code when the
// email has "+mfa"), sync_now with progress on its channel (and a short
// rate-limit wait for Strava), cancelling, and the status for the app frame.
// `?sync=none` starts with nothing connected, `?sync=error` with Strava's token
// refused.
import type { Account, MissingUpstream, SyncProgressMessage, SyncStatus, SyncSummary } from "./lib/sync";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export const SYNC_COMMANDS = [
  "accounts_list",
  "account_connect_strava",
  "account_connect_intervals",
  "account_connect_garmin",
  "account_garmin_mfa",
  "account_connect_cancel",
  "account_disconnect",
  "account_set_options",
  "sync_now",
  "sync_cancel",
  "sync_status",
  "sync_missing",
  "sync_resolve_missing",
];

/** The settings field this part of the app owns, as a fresh install has it. */
export const syncSettings = { sync_interval_min: 60 };

const LABELS: Record<string, string> = { strava: "Strava", intervals_icu: "intervals.icu", garmin_connect: "Garmin Connect" };

let accounts: Account[] = [];
let missing: MissingUpstream[] = [];
let running: { provider: string | null; progress: SyncProgressMessage | null; cancelled: boolean } | null = null;
let connecting: { cancelled: boolean } | null = null;
let garminMfa: { username: string; one_time: boolean } | null = null;
let stepDelay = 250;
let intervalMin = syncSettings.sync_interval_min;

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const fail = (code: string, message: string, field: string | null = null) => ({ code, message, field });

function blank(provider: string): Account {
  return {
    provider,
    label: LABELS[provider],
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
  };
}

export function initSyncMock(params: URLSearchParams, opts: { stepDelayMs?: number } = {}) {
  stepDelay = opts.stepDelayMs ?? 250;
  running = null;
  connecting = null;
  garminMfa = null;
  intervalMin = syncSettings.sync_interval_min;
  accounts = [blank("strava"), blank("intervals_icu"), blank("garmin_connect")];
  missing = [];
  const mode = params.get("sync");
  if (mode === "none") return;
  const strava: Account = {
    ...blank("strava"),
    connected: true,
    account_name: "Camille Martin",
    connected_at: minutesFromNow(-60 * 24 * 30),
    state: "idle",
    last_success_at: minutesFromNow(-47),
    last_attempt_at: minutesFromNow(-47),
    next_run_at: minutesFromNow(13),
    backfill_days: 730,
    backfill_done: true,
    activities: 120,
    pending: 0,
    failed: 1,
    missing_upstream: 1,
  };
  if (mode === "error")
    Object.assign(strava, {
      state: "error",
      last_error: { code: "unauthorized", message: "Strava refused the token: access was revoked on strava.com", at: minutesFromNow(-5) },
    });
  accounts[0] = strava;
  missing = [{ provider: "strava", remote_id: "10432987", activity_id: 118, name: "Evening tempo run", start: minutesFromNow(-60 * 24 * 12) }];
}

/** The background interval changed (set_settings): the next runs move with it. */
export function setMockSyncInterval(minutes: number) {
  intervalMin = minutes;
  for (const a of accounts) if (a.connected) a.next_run_at = minutes > 0 && a.enabled ? minutesFromNow(minutes) : null;
}

function find(provider: string): Account {
  const a = accounts.find((x) => x.provider === provider);
  if (!a) throw fail("not_found", `unknown provider ${provider}`);
  return a;
}

function connect(provider: string, name: string, over: Partial<Account> = {}): Account {
  const a = find(provider);
  Object.assign(a, {
    connected: true,
    account_name: name,
    connected_at: new Date().toISOString(),
    state: "idle",
    last_error: null,
    next_run_at: intervalMin > 0 ? minutesFromNow(intervalMin) : null,
    ...over,
  });
  return { ...a };
}

async function connectStrava(input: Any): Promise<Account> {
  if (!/^\d+$/.test(String(input.client_id ?? ""))) throw fail("invalid_input", "the Client ID is a number", "client_id");
  if (!input.client_secret) throw fail("invalid_input", "the Client Secret is missing", "client_secret");
  if (connecting) throw fail("busy", "a connection is already waiting for the browser");
  const job = { cancelled: false };
  connecting = job;
  try {
    // The real one opens the browser and waits for the redirect.
    for (let i = 0; i < 12; i++) {
      await sleep(stepDelay);
      if (job.cancelled) throw fail("cancelled", "connection cancelled");
    }
  } finally {
    connecting = null;
  }
  return connect("strava", "Camille Martin");
}

async function connectIntervals(input: Any): Promise<Account> {
  const id = String(input.athlete_id ?? "");
  if (!/^(0|i\d+)$/i.test(id)) throw fail("invalid_input", "an athlete id looks like i12345", "athlete_id");
  await sleep(stepDelay * 2);
  if (input.api_key === "bad") throw fail("unauthorized", "intervals.icu refused the API key");
  return connect("intervals_icu", id === "0" ? "i104230" : id);
}

async function connectGarmin(input: Any) {
  await sleep(stepDelay * 3);
  if (input.password === "wrong")
    throw fail("sign_in", "Garmin refused the email or password. Check them on connect.garmin.com, then try again.");
  if (String(input.username).includes("+mfa")) {
    garminMfa = { username: input.username, one_time: !!input.one_time };
    return { status: "mfa_required", account: null };
  }
  return { status: "connected", account: connect("garmin_connect", input.username, { one_time: !!input.one_time }) };
}

async function garminCode(code: string): Promise<Account> {
  if (!garminMfa) throw fail("invalid_input", "sign in first", "code");
  await sleep(stepDelay * 2);
  if (code === "000000") throw fail("invalid_input", "Garmin did not accept this code", "code");
  const { username, one_time } = garminMfa;
  garminMfa = null;
  return connect("garmin_connect", username, { one_time });
}

async function syncOne(a: Account, send: (p: SyncProgressMessage) => void): Promise<SyncSummary> {
  const job = running!;
  const started = Date.now();
  const total = a.provider === "strava" ? 8 : 5;
  const base = { provider: a.provider, fetched: 0, total: 0, current: null, waiting_until: null };
  a.state = "running";
  a.last_attempt_at = new Date().toISOString();
  const progress = (p: SyncProgressMessage) => {
    job.progress = p;
    send(p);
  };
  progress({ ...base, phase: "listing" });
  await sleep(stepDelay * 2);
  let fetched = 0;
  for (; fetched < total && !job.cancelled; fetched++) {
    if (a.provider === "strava" && fetched === 5) {
      // Strava's 15-minute window: the real wait is longer, this one is shown briefly.
      progress({ ...base, phase: "waiting", fetched, total, waiting_until: new Date(Date.now() + stepDelay * 6).toISOString() });
      await sleep(stepDelay * 6);
    }
    progress({ ...base, phase: "fetching", fetched: fetched + 1, total, current: `Activity ${a.activities + fetched + 1}` });
    await sleep(stepDelay);
  }
  progress({ ...base, phase: "done", fetched, total });
  a.state = "idle";
  a.activities += fetched;
  a.pending = job.cancelled ? total - fetched : 0;
  a.backfill_done = !job.cancelled;
  if (!job.cancelled) a.last_success_at = new Date().toISOString();
  a.next_run_at = intervalMin > 0 && a.enabled ? minutesFromNow(intervalMin) : null;
  return {
    provider: a.provider,
    listed: total,
    imported: Math.max(0, fetched - 1),
    merged: fetched > 0 ? 1 : 0,
    duplicates: 0,
    failed: [],
    wellness_days: 0,
    backfill_done: a.backfill_done,
    rate_limited_until: null,
    cancelled: job.cancelled,
    error: null,
    activity_ids: [],
    seconds: (Date.now() - started) / 1000,
  };
}

async function syncNow(provider: string | null, channel: Any): Promise<SyncSummary[]> {
  if (running) throw fail("busy", "a sync is already running");
  const chosen = provider ? [find(provider)] : accounts.filter((a) => a.connected && a.enabled);
  if (chosen.some((a) => !a.connected)) throw fail("invalid_input", `${provider} is not connected`, "provider");
  const unauthorized = chosen.find((a) => a.last_error?.code === "unauthorized");
  if (unauthorized) throw fail("unauthorized", `${unauthorized.label} refused the token: reconnect the account`);
  running = { provider, progress: null, cancelled: false };
  const out: SyncSummary[] = [];
  try {
    for (const a of chosen) {
      out.push(await syncOne(a, (p) => channel?.onmessage?.(p)));
      if (running.cancelled) break;
    }
  } finally {
    running = null;
  }
  return out;
}

function status(): SyncStatus {
  const connected = accounts.filter((a) => a.connected);
  const sorted = (xs: (string | null)[]) => xs.filter((x): x is string => !!x).sort();
  return {
    running: running !== null,
    progress: (running?.progress as SyncStatus["progress"]) ?? null,
    connected: connected.length,
    next_run_at: sorted(connected.filter((a) => a.enabled).map((a) => a.next_run_at))[0] ?? null,
    last_success_at: sorted(connected.map((a) => a.last_success_at)).at(-1) ?? null,
    errors: connected.filter((a) => a.last_error || a.state === "error").length,
    rate_limited_until: running?.progress?.waiting_until ?? null,
  };
}

export async function syncMock(cmd: string, a: Any): Promise<unknown> {
  switch (cmd) {
    case "accounts_list":
      return accounts.map((x) => ({ ...x }));
    case "account_connect_strava":
      return connectStrava(a.input);
    case "account_connect_intervals":
      return connectIntervals(a.input);
    case "account_connect_garmin":
      return connectGarmin(a.input);
    case "account_garmin_mfa":
      return garminCode(String(a.code));
    case "account_connect_cancel":
      if (!connecting) return false;
      connecting.cancelled = true;
      return true;
    case "account_disconnect": {
      const x = find(a.provider);
      const kept = x.activities;
      Object.assign(x, blank(a.provider), { activities: kept, enabled: x.enabled, backfill_days: x.backfill_days });
      return { ...x };
    }
    case "account_set_options": {
      const x = find(a.provider);
      const o = a.options ?? {};
      if (typeof o.enabled === "boolean") {
        x.enabled = o.enabled;
        x.next_run_at = x.connected && o.enabled && intervalMin > 0 ? minutesFromNow(intervalMin) : null;
      }
      if (typeof o.backfill_days === "number") x.backfill_days = o.backfill_days === 0 ? null : o.backfill_days;
      return { ...x };
    }
    case "sync_now":
      return syncNow(a.provider ?? null, a.onProgress);
    case "sync_cancel":
      if (!running) return false;
      running.cancelled = true;
      return true;
    case "sync_status":
      return status();
    case "sync_missing":
      return missing.filter((m) => !a.provider || m.provider === a.provider);
    case "sync_resolve_missing": {
      const m = missing.find((x) => x.provider === a.provider && x.remote_id === a.remoteId);
      if (!m) throw fail("not_found", "no such missing activity");
      missing = missing.filter((x) => x !== m);
      const x = find(a.provider);
      x.missing_upstream = Math.max(0, x.missing_upstream - 1);
      if (a.deleteLocal) x.activities = Math.max(0, x.activities - 1);
      return null;
    }
    default:
      throw fail("internal", `mock: unknown sync command ${cmd}`);
  }
}
