import { SegmentedControl, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Language, Units } from "../../bindings";
import { useSettings } from "../../lib/settings";

const LANGUAGES: Language[] = ["en", "fr", "system"];
const UNITS: Units[] = ["metric", "imperial"];

/** Step 1: language and units, saved and applied as soon as they are chosen. */
export function PreferencesStep() {
  const { t } = useTranslation();
  const { settings, update } = useSettings();
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Text size="sm" fw={500} id="onboarding-language-label">
          {t("onboarding.preferences.language")}
        </Text>
        <SegmentedControl
          value={settings.language}
          onChange={(v) => void update({ language: v as Language })}
          data={LANGUAGES.map((l) => ({ value: l, label: t(`onboarding.preferences.languages.${l}`) }))}
          aria-labelledby="onboarding-language-label"
          data-testid="onboarding-language"
        />
      </Stack>
      <Stack gap={6}>
        <Text size="sm" fw={500} id="onboarding-units-label">
          {t("onboarding.preferences.units")}
        </Text>
        <SegmentedControl
          value={settings.units}
          onChange={(v) => void update({ units: v as Units })}
          data={UNITS.map((u) => ({ value: u, label: t(`settings.appearance.${u === "metric" ? "unitsMetric" : "unitsImperial"}`) }))}
          aria-labelledby="onboarding-units-label"
          data-testid="onboarding-units"
        />
        <Text size="xs" c="dimmed">
          {t("settings.appearance.unitsHint")}
        </Text>
      </Stack>
      <Text size="xs" c="dimmed">
        {t("onboarding.preferences.later")}
      </Text>
    </Stack>
  );
}
