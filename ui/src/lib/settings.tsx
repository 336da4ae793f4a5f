import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useMantineColorScheme } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";
import { commands } from "../bindings";
import type { SettingsData as Settings } from "./api";
import { resolveLanguage } from "../i18n";

// `onboarded: true` until the real settings load, so a missing backend (plain
// browser) never sends anyone to the first-run screens.
export const DEFAULT_SETTINGS: Settings = {
  language: "system",
  theme: "system",
  units: "metric",
  onboarded: true,
  demo: false,
  auto_backup: true,
  backup_keep: 7,
  reminders: { today_workout: true, plan_adjustment: true, sync_problem: true, weekly_summary: false, os_notifications: false },
  sync_interval_min: 60,
};

type SettingsContextValue = {
  settings: Settings;
  loaded: boolean;
  /** Saves through the backend, then applies what the backend returned. */
  update: (patch: Partial<Settings>) => Promise<boolean>;
};

const SettingsContext = createContext<SettingsContextValue | null>(null);

export function SettingsProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { setColorScheme } = useMantineColorScheme();
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let alive = true;
    commands
      .getSettings()
      .then((res) => {
        if (!alive) return;
        if (res.status === "ok") setSettings(res.data);
        else notifications.show({ color: "red", title: t("settings.loadError"), message: res.error.message });
      })
      .catch(() => {
        /* outside the desktop shell (e.g. plain browser): keep defaults */
      })
      .finally(() => alive && setLoaded(true));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Apply language and theme whenever the settings change.
  useEffect(() => {
    const lng = resolveLanguage(settings.language);
    if (i18n.language !== lng) void i18n.changeLanguage(lng);
    document.documentElement.lang = lng;
  }, [settings.language, i18n]);

  useEffect(() => {
    setColorScheme(settings.theme === "system" ? "auto" : settings.theme);
  }, [settings.theme, setColorScheme]);

  const update = useCallback(
    async (patch: Partial<Settings>) => {
      const next = { ...settings, ...patch };
      setSettings(next); // apply immediately; reconciled with the backend's answer below
      try {
        const res = await commands.setSettings(next);
        if (res.status === "ok") {
          setSettings(res.data);
          return true;
        }
        notifications.show({ color: "red", title: t("settings.saveError"), message: res.error.message });
      } catch (e) {
        notifications.show({ color: "red", title: t("settings.saveError"), message: String(e) });
      }
      return false;
    },
    [settings, t],
  );

  const value = useMemo(() => ({ settings, loaded, update }), [settings, loaded, update]);
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsContextValue {
  const ctx = useContext(SettingsContext);
  if (!ctx) throw new Error("useSettings must be used inside <SettingsProvider>");
  return ctx;
}
