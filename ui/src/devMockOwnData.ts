// Browser-only fake backend for "own your data" (backups, export, erasure,
// privacy, reminders), used by devMock.ts under `npm run dev:mock`.
// `?inbox=empty` starts with no reminders, `?restore=too_new` makes every restore
// fail as a file from a newer Tempo would.
import type {
  BackupInfo,
  Consent,
  ErasePreview,
  ExportReport,
  PrivacyOverview,
  ProviderData,
  Reminder,
  RestoreReport,
} from "./lib/ownData";

type Any = Record<string, any>;

const HOME = "/home/you/.local/share/tempo";
const BACKUP_DIR = `${HOME}/backups`;

/** The settings fields this part of the app owns, as a fresh install has them. */
export const ownDataSettings = {
  auto_backup: true,
  backup_keep: 7,
  reminders: { today_workout: true, plan_adjustment: true, sync_problem: true, weekly_summary: false, os_notifications: false },
};

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const stamp = (iso: string) => iso.slice(0, 16).replace(/[-:]/g, "").replace("T", "-");

function backupInfo(kind: string, createdAt: string, dir = BACKUP_DIR): BackupInfo {
  const file_name = `tempo-${stamp(createdAt)}${kind === "pre_restore" ? "-pre-restore" : ""}.tempo-backup`;
  return { path: `${dir}/${file_name}`, file_name, created_at: createdAt, size_bytes: 5_000_000 + Math.round(Math.random() * 400_000), kind };
}

let backups: BackupInfo[] = [];
let providers: ProviderData[] = [];
let consents: Consent[] = [];
let reminders: Reminder[] = [];
let nextReminderId = 1;
let restoreFailure: string | null = null;

const CONSENT_FIELDS = ["profile", "thresholds", "activity_summaries", "activity_streams", "rpe_notes", "wellness", "plan", "strava_activities"];

export function initOwnDataMock(params: URLSearchParams) {
  backups = [backupInfo("auto", hoursAgo(2)), backupInfo("manual", hoursAgo(80)), backupInfo("auto", hoursAgo(26)), backupInfo("pre_restore", hoursAgo(300))].sort(
    (a, b) => b.created_at.localeCompare(a.created_at),
  );
  providers = [
    { provider: "file", activities: 9_640, only_source: 9_580 },
    { provider: "garmin_export", activities: 310, only_source: 290 },
    { provider: "strava_export", activities: 120, only_source: 110 },
    { provider: "manual", activities: 12, only_source: 12 },
  ];
  consents = [{ provider: "anthropic", fields: ["profile", "activity_summaries", "rpe_notes"], granted_at: hoursAgo(24 * 12) }];
  reminders = [];
  nextReminderId = 1;
  restoreFailure = params.get("restore") === "too_new" ? "database_too_new" : null;
  if (params.get("inbox") !== "empty") {
    addReminder("weekly_summary", "Your week: 5 h 57 min, 68 km", "5 activities. Fitness 50.7, form −5.", "/", hoursAgo(30), true);
    addReminder("sync_problem", "Strava stopped syncing", "Reconnect your account to get your new activities.", null, hoursAgo(5));
    addReminder("today_workout", "Today: 45 min easy run", "Zone 2, conversational pace. Tap to see the session.", "/plan", hoursAgo(1));
  }
}

function addReminder(kind: string, title: string, body: string, link: string | null, createdAt: string, read = false): Reminder {
  const r = { id: nextReminderId++, kind, title, body, link, created_at: createdAt, read };
  reminders.unshift(r);
  return r;
}

function privacy(): PrivacyOverview {
  return {
    stores: [
      { what: "database", path: `${HOME}/tempo.db` },
      { what: "backups", path: BACKUP_DIR },
      { what: "search_index", path: `${HOME}/kb-index` },
      { what: "models", path: `${HOME}/models` },
      { what: "logs", path: `${HOME}/logs` },
      { what: "settings", path: "/home/you/.config/tempo/settings.json" },
      { what: "keychain", path: "Secret Service (app.tempo)" },
    ],
    consents,
    consent_fields: CONSENT_FIELDS,
    cloud_providers: ["anthropic", "openai", "gemini", "mistral"],
  };
}

function preview(provider: string | null): ErasePreview {
  const total = providers.reduce((n, p) => n + p.only_source, 0);
  if (provider === null)
    return {
      provider: null,
      activities: total,
      sources: providers.reduce((n, p) => n + p.activities, 0),
      items: [
        `${total} activities with their recordings, laps and metrics`,
        "Your profile, thresholds and their history",
        "Goals, plans and workout notes",
        `${backups.length} backups in ${BACKUP_DIR}`,
        "Settings, consents and reminders",
        "Logs and the search index",
      ],
    };
  const p = providers.find((x) => x.provider === provider);
  if (!p) throw { code: "not_found", message: `no data from ${provider}`, field: "provider" };
  return {
    provider,
    activities: p.only_source,
    sources: p.activities - p.only_source,
    items: [
      `${p.only_source} activities that only ${provider} provided, with their recordings`,
      `${provider}'s copy of ${p.activities - p.only_source} activities other sources also provided`,
    ],
  };
}

export function ownDataMock(cmd: string, a: Any): unknown {
  switch (cmd) {
    case "backup_now": {
      const b = backupInfo("manual", new Date().toISOString());
      backups = [b, ...backups];
      return b;
    }
    case "backup_to_file":
      // The save dialog: pretend the athlete picked their Documents folder.
      return backupInfo("manual", new Date().toISOString(), "/home/you/Documents");
    case "list_backups":
      return { dir: BACKUP_DIR, backups };
    case "choose_backup_file":
      return "/media/usb/tempo-2025-12-31-1800.tempo-backup";
    case "restore_backup": {
      if (restoreFailure)
        throw { code: restoreFailure, message: `${a.path} was written by Tempo 0.9 (schema 14); this is Tempo 0.1 (schema 6).`, field: "path" };
      if (!String(a.path).endsWith(".tempo-backup"))
        throw { code: "invalid_input", message: `${a.path} is not a Tempo backup`, field: "path" };
      const safety = backupInfo("pre_restore", new Date().toISOString());
      backups = [safety, ...backups];
      return { restored_from: a.path, safety_backup: safety, activities: 10_082, migrated: a.path.startsWith("/media") } satisfies RestoreReport;
    }
    case "export_bundle": {
      const { from, to } = a.range as { from: string | null; to: string | null };
      const share = from || to ? 0.04 : 1;
      const activities = Math.round(10_082 * share);
      return {
        dir: `/home/you/Documents/tempo-export-${new Date().toISOString().slice(0, 10)}`,
        activities,
        excluded: from || to ? 2 : 7,
        files: activities * 2 + 5,
        bytes: activities * 180_000,
        took_ms: 400 + activities / 5,
      } satisfies ExportReport;
    }
    case "data_providers":
      return providers;
    case "erase_preview":
      return preview(a.provider ?? null);
    case "erase_provider": {
      const p = preview(a.provider);
      providers = providers.filter((x) => x.provider !== a.provider);
      return { activities_deleted: p.activities, sources_removed: p.sources };
    }
    case "erase_everything":
      // The real app restarts itself here; the mock just forgets.
      providers = [];
      backups = [];
      consents = [];
      reminders = [];
      return null;
    case "privacy_overview":
      return privacy();
    case "grant_consent": {
      const fields = (a.fields as string[]).filter((f) => CONSENT_FIELDS.includes(f));
      if (fields.length === 0) throw { code: "invalid_input", message: "choose at least one kind of data", field: "fields" };
      const c = { provider: a.provider, fields, granted_at: new Date().toISOString() };
      consents = [...consents.filter((x) => x.provider !== a.provider), c].sort((x, y) => x.provider.localeCompare(y.provider));
      return c;
    }
    case "revoke_consent":
      consents = consents.filter((x) => x.provider !== a.provider);
      return null;
    case "reminders":
      return { items: reminders, unread: reminders.filter((r) => !r.read).length };
    case "refresh_reminders":
      return [];
    case "mark_reminders_read":
      reminders = reminders.map((r) => ((a.ids as number[]).includes(r.id) ? { ...r, read: true } : r));
      return null;
    default:
      throw { code: "internal", message: `mock: unknown command ${cmd}`, field: null };
  }
}

export const OWN_DATA_COMMANDS = [
  "backup_now",
  "backup_to_file",
  "list_backups",
  "choose_backup_file",
  "restore_backup",
  "export_bundle",
  "data_providers",
  "erase_preview",
  "erase_provider",
  "erase_everything",
  "privacy_overview",
  "grant_consent",
  "revoke_consent",
  "reminders",
  "refresh_reminders",
  "mark_reminders_read",
];
