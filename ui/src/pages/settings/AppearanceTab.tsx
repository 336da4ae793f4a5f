import { Card, NativeSelect, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Language, Theme, Units } from "../../bindings";
import { useSettings } from "../../lib/settings";

export function AppearanceTab() {
  const { t } = useTranslation();
  const { settings, update } = useSettings();

  return (
    <Card withBorder radius="lg" padding="xl" maw={560}>
      <Stack gap="lg">
        <Text c="dimmed" size="sm">
          {t("settings.appearance.intro")}
        </Text>
        <NativeSelect
          label={t("settings.appearance.language")}
          value={settings.language}
          onChange={(e) => void update({ language: e.currentTarget.value as Language })}
          data={[
            { value: "system", label: t("settings.appearance.languageSystem") },
            // Language names are shown in their own language on purpose.
            { value: "en", label: "English" },
            { value: "fr", label: "Français" },
          ]}
          data-testid="settings-language"
        />
        <NativeSelect
          label={t("settings.appearance.theme")}
          value={settings.theme}
          onChange={(e) => void update({ theme: e.currentTarget.value as Theme })}
          data={[
            { value: "system", label: t("settings.appearance.themeSystem") },
            { value: "light", label: t("settings.appearance.themeLight") },
            { value: "dark", label: t("settings.appearance.themeDark") },
          ]}
          data-testid="settings-theme"
        />
        <NativeSelect
          label={t("settings.appearance.units")}
          description={t("settings.appearance.unitsHint")}
          value={settings.units}
          onChange={(e) => void update({ units: e.currentTarget.value as Units })}
          data={[
            { value: "metric", label: t("settings.appearance.unitsMetric") },
            { value: "imperial", label: t("settings.appearance.unitsImperial") },
          ]}
          data-testid="settings-units"
        />
      </Stack>
    </Card>
  );
}
