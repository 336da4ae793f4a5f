// Types and helpers for "own your data": backups, export, erasure, privacy and
// reminders. Types are derived from the command signatures (as in ./api) so the
// UI keeps compiling when bindings.ts is regenerated from Rust.
import type { TFunction } from "i18next";
import type { commands } from "../bindings";
import { toApiError } from "./activities/useImport";
import type { ApiError, ApiResult, SettingsData } from "./api";

type OkData<R> = R extends { status: "ok"; data: infer D } ? D : never;
type Returned<K extends keyof typeof commands> = Awaited<ReturnType<(typeof commands)[K]>>;

export type BackupList = OkData<Returned<"listBackups">>;
export type BackupInfo = BackupList["backups"][number];
export type RestoreReport = OkData<Returned<"restoreBackup">>;
export type ExportRange = Parameters<(typeof commands)["exportBundle"]>[0];
export type ExportReport = NonNullable<OkData<Returned<"exportBundle">>>;
export type ProviderData = OkData<Returned<"dataProviders">>[number];
export type ErasePreview = OkData<Returned<"erasePreview">>;
export type EraseReport = OkData<Returned<"eraseProvider">>;
export type PrivacyOverview = OkData<Returned<"privacyOverview">>;
export type StoredWhere = PrivacyOverview["stores"][number];
export type Consent = OkData<Returned<"grantConsent">>;
export type Inbox = OkData<Returned<"reminders">>;
export type Reminder = Inbox["items"][number];
export type ReminderSettings = SettingsData["reminders"];

/** The reminder switches, in the order the Notifications tab shows them. */
export const REMINDER_SWITCHES = [
  "today_workout",
  "plan_adjustment",
  "sync_problem",
  "weekly_summary",
  "os_notifications",
] as const satisfies readonly (keyof ReminderSettings)[];

/** Ids the UI has words for; anything else is shown as the backend sent it. */
export const KNOWN_PROVIDERS = ["file", "garmin_export", "strava_export", "manual", "strava", "garmin", "intervals_icu"];
export const KNOWN_STORES = ["database", "backups", "search_index", "models", "logs", "settings", "keychain"];
export const KNOWN_CONSENT_FIELDS = [
  "profile",
  "thresholds",
  "activity_summaries",
  "activity_streams",
  "rpe_notes",
  "wellness",
  "plan",
  "strava_activities",
];
export const KNOWN_BACKUP_KINDS = ["manual", "auto", "pre_restore"];

/** Runs a command; a thrown failure (e.g. outside the desktop shell) becomes an `internal` error. */
export async function run<T>(call: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
  try {
    const res = await call();
    // A command mocked without an answer resolves to undefined; treat it as a failure.
    if (!res) return { status: "error", error: toApiError("no answer") };
    return res;
  } catch (e) {
    return { status: "error", error: toApiError(e) };
  }
}

/**
 * A restore the file itself makes impossible: not a Tempo backup, damaged, or
 * written by a newer Tempo. Retrying will not help, and nothing was changed.
 */
export type UnrestorableReason = "invalid_input" | "database_corrupt" | "database_too_new";
export function unrestorableReason(error: Pick<ApiError, "code">): UnrestorableReason | null {
  const code = error.code as string;
  return code === "invalid_input" || code === "database_corrupt" || code === "database_too_new" ? code : null;
}

/** A translated name for an id from a known list, else the id itself. */
function known(t: TFunction, list: string[], prefix: string, id: string): string {
  return list.includes(id) ? t(`${prefix}.${id}`) : id;
}

export const providerName = (t: TFunction, id: string) => known(t, KNOWN_PROVIDERS, "data.providers", id);
export const backupKindName = (t: TFunction, kind: string) => known(t, KNOWN_BACKUP_KINDS, "data.backup.kinds", kind);
export const consentFieldName = (t: TFunction, field: string) =>
  known(t, KNOWN_CONSENT_FIELDS, "privacy.fields", field);
export const storeName = (t: TFunction, what: string) => known(t, KNOWN_STORES, "privacy.stores", what);

/** Date and time in the UI language ("15 Mar 2026, 10:00"); the raw text when it does not parse. */
export function formatDateTime(iso: string, locale: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(d);
}

/** A calendar date in the UI language ("15 Mar 2026"). */
export function formatDate(iso: string, locale: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(d);
}

/** "5 minutes ago", "il y a 2 heures", "yesterday"… relative to `now`. */
export function formatRelative(iso: string, locale: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const seconds = Math.round((d.getTime() - now.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ["second", 60],
    ["minute", 60],
    ["hour", 24],
    ["day", 7],
    ["week", 4.35],
    ["month", 12],
    ["year", Infinity],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return rtf.format(Math.round(value), unit);
    value /= size;
  }
  return rtf.format(Math.round(value), "year");
}

/** Milliseconds as "850 ms" or "2.4 s". */
export function formatMillis(ms: number, locale: string): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
}
