import { vi } from "vitest";
import type { DiagnosticsInfo as Diagnostics, HistoryEntry as MeasureEntry, Profile as ProfileDto, SettingsData as Settings } from "../lib/api";

export const emptyProfile: ProfileDto = {
  name: null,
  sex: null,
  birth_year: null,
  weight_kg: null,
  height_cm: null,
  max_hr: null,
  resting_hr: null,
  lthr: null,
  ftp_w: null,
  threshold_pace_s_per_km: null,
  vma_kmh: null,
};

export const fullProfile: ProfileDto = {
  name: "Camille",
  sex: "female",
  birth_year: 1988,
  weight_kg: { value: 61.5, effective: "2026-01-10" },
  height_cm: { value: 168, effective: "2025-06-01" },
  max_hr: { value: 188, effective: "2026-03-01" },
  resting_hr: { value: 48, effective: "2026-02-15" },
  lthr: { value: 171, effective: "2026-03-01" },
  ftp_w: { value: 230, effective: "2026-02-20" },
  threshold_pace_s_per_km: { value: 262, effective: "2026-03-05" },
  vma_kmh: { value: 16.5, effective: "2026-03-05" },
};

export const history: MeasureEntry[] = [
  { measure: "max_hr", value: 188, effective: "2026-03-01", recorded_at: "2026-03-01T08:00:00Z", source: "manual" },
  { measure: "max_hr", value: 185, effective: "2025-09-01", recorded_at: "2025-09-01T08:00:00Z", source: "manual" },
];

export const diagnostics: Diagnostics = {
  app_version: "0.1.0",
  os: "linux",
  arch: "x86_64",
  sqlite_version: "3.46.0",
  schema_version: "1",
  database_path: "/home/camille/.local/share/tempo/tempo.db",
  database_size_bytes: 1572864,
  log_dir: "/home/camille/.local/share/tempo/logs",
  shell: { tauri_version: "2.5.0", webview_version: "WebKitGTK 2.44", settings_path: "/home/camille/.config/tempo/settings.json" },
};

export const defaultSettings: Settings = { language: "en", theme: "light", units: "metric" };

/** A fresh set of command mocks with happy defaults. */
export function makeCommands() {
  return {
    checkDatabase: vi.fn(async () => ({ status: "ok" as const, data: null })),
    getProfile: vi.fn(async () => ({ status: "ok" as const, data: fullProfile })),
    updateProfile: vi.fn(async () => ({ status: "ok" as const, data: fullProfile })),
    profileHistory: vi.fn(async () => ({ status: "ok" as const, data: history })),
    getDiagnostics: vi.fn(async () => ({ status: "ok" as const, data: diagnostics })),
    getSettings: vi.fn(async () => ({ status: "ok" as const, data: defaultSettings })),
    setSettings: vi.fn(async (s: Settings) => ({ status: "ok" as const, data: s })),
  };
}
