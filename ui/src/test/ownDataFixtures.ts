// Happy-path fixtures for "own your data": backups, export, erasure, privacy, reminders.
import { vi } from "vitest";
import type {
  BackupInfo,
  BackupList,
  Consent,
  ErasePreview,
  EraseReport,
  ExportRange,
  ExportReport,
  Inbox,
  PrivacyOverview,
  ProviderData,
  Reminder,
  RestoreReport,
} from "../lib/ownData";

export const BACKUP_DIR = "/home/camille/.local/share/tempo/backups";

export const backups: BackupInfo[] = [
  {
    path: `${BACKUP_DIR}/tempo-2026-03-15-0800.tempo-backup`,
    file_name: "tempo-2026-03-15-0800.tempo-backup",
    created_at: "2026-03-15T08:00:00Z",
    size_bytes: 5_242_880,
    kind: "auto",
  },
  {
    path: `${BACKUP_DIR}/tempo-2026-03-10-1912.tempo-backup`,
    file_name: "tempo-2026-03-10-1912.tempo-backup",
    created_at: "2026-03-10T19:12:00Z",
    size_bytes: 5_100_000,
    kind: "manual",
  },
  {
    path: `${BACKUP_DIR}/tempo-2026-03-01-0930-pre-restore.tempo-backup`,
    file_name: "tempo-2026-03-01-0930-pre-restore.tempo-backup",
    created_at: "2026-03-01T09:30:00Z",
    size_bytes: 4_900_000,
    kind: "pre_restore",
  },
];

export const backupList: BackupList = { dir: BACKUP_DIR, backups };

export const newBackup: BackupInfo = {
  path: `${BACKUP_DIR}/tempo-2026-03-15-1000.tempo-backup`,
  file_name: "tempo-2026-03-15-1000.tempo-backup",
  created_at: "2026-03-15T10:00:00Z",
  size_bytes: 5_300_000,
  kind: "manual",
};

export const restoreReport: RestoreReport = {
  restored_from: backups[1].path,
  safety_backup: {
    path: `${BACKUP_DIR}/tempo-2026-03-15-1001-pre-restore.tempo-backup`,
    file_name: "tempo-2026-03-15-1001-pre-restore.tempo-backup",
    created_at: "2026-03-15T10:01:00Z",
    size_bytes: 5_300_000,
    kind: "pre_restore",
  },
  activities: 412,
  migrated: false,
};

export const exportReport: ExportReport = {
  dir: "/home/camille/Documents/tempo-export-2026-03-15",
  activities: 120,
  excluded: 3,
  files: 245,
  bytes: 48_234_496,
  took_ms: 2350,
};

export const providers: ProviderData[] = [
  { provider: "file", activities: 380, only_source: 370 },
  { provider: "strava_export", activities: 40, only_source: 30 },
  { provider: "manual", activities: 2, only_source: 2 },
];

export function erasePreviewFor(provider: string | null): ErasePreview {
  if (provider === null)
    return {
      provider: null,
      activities: 412,
      sources: 425,
      items: ["412 activities and their recordings", "Your profile and thresholds", "3 backups", "Settings and consents"],
    };
  const p = providers.find((x) => x.provider === provider);
  return {
    provider,
    activities: p?.only_source ?? 0,
    sources: p?.activities ?? 0,
    items: [`${p?.only_source ?? 0} activities only from this source`, `${p?.activities ?? 0} source files`],
  };
}

export const eraseReport: EraseReport = { activities_deleted: 30, sources_removed: 40 };

export const consent: Consent = {
  provider: "anthropic",
  fields: ["profile", "activity_summaries"],
  granted_at: "2026-03-01T09:00:00Z",
};

export const privacyOverview: PrivacyOverview = {
  stores: [
    { what: "database", path: "/home/camille/.local/share/tempo/tempo.db" },
    { what: "backups", path: BACKUP_DIR },
    { what: "search_index", path: "/home/camille/.local/share/tempo/kb-index" },
    { what: "models", path: "/home/camille/.local/share/tempo/models" },
    { what: "logs", path: "/home/camille/.local/share/tempo/logs" },
    { what: "settings", path: "/home/camille/.config/tempo/settings.json" },
    { what: "keychain", path: "Secret Service (org.tempo.app)" },
  ],
  consents: [consent],
  consent_fields: ["profile", "thresholds", "activity_summaries", "activity_streams", "rpe_notes", "wellness", "plan"],
  cloud_providers: ["anthropic", "openai"],
};

/** Two unread (one with a link), one read; newest first. "Now" is 2026-03-15 10:00 local. */
export const reminders: Reminder[] = [
  {
    id: 3,
    kind: "today_workout",
    title: "Today: 45 min easy run",
    body: "Zone 2, conversational pace.",
    link: "/plan",
    created_at: "2026-03-15T06:00:00Z",
    read: false,
  },
  {
    id: 2,
    kind: "sync_problem",
    title: "Strava stopped syncing",
    body: "Reconnect your account in the settings.",
    link: null,
    created_at: "2026-03-14T18:00:00Z",
    read: false,
  },
  {
    id: 1,
    kind: "weekly_summary",
    title: "Your week: 5 h 57 min",
    body: "5 activities, 68 km.",
    link: "/",
    created_at: "2026-03-09T07:00:00Z",
    read: true,
  },
];

export const inbox: Inbox = { items: reminders, unread: 2 };

const ok = <T,>(data: T) => ({ status: "ok" as const, data });

/** Command mocks with happy defaults (spread into makeCommands). */
export function makeOwnDataCommands() {
  return {
    backupNow: vi.fn(async () => ok(newBackup)),
    backupToFile: vi.fn(async () => ok<BackupInfo | null>({ ...newBackup, path: "/home/camille/tempo.tempo-backup", file_name: "tempo.tempo-backup" })),
    listBackups: vi.fn(async () => ok(backupList)),
    chooseBackupFile: vi.fn(async () => ok<string | null>("/media/usb/tempo-old.tempo-backup")),
    restoreBackup: vi.fn(async (_path: string) => ok(restoreReport)),
    exportBundle: vi.fn(async (_range: ExportRange) => ok<ExportReport | null>(exportReport)),
    dataProviders: vi.fn(async () => ok(providers)),
    erasePreview: vi.fn(async (provider: string | null) => ok(erasePreviewFor(provider))),
    eraseProvider: vi.fn(async (_provider: string) => ok(eraseReport)),
    eraseEverything: vi.fn(async (_includeModels: boolean) => ok(null)),
    privacyOverview: vi.fn(async () => ok(privacyOverview)),
    grantConsent: vi.fn(async (provider: string, fields: string[]) => ok<Consent>({ provider, fields, granted_at: "2026-03-15T10:00:00Z" })),
    revokeConsent: vi.fn(async (_provider: string) => ok(null)),
    reminders: vi.fn(async () => ok(inbox)),
    refreshReminders: vi.fn(async () => ok<Reminder[]>([])),
    markRemindersRead: vi.fn(async (_ids: number[]) => ok(null)),
  };
}
