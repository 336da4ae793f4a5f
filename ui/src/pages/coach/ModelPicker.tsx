import { Group, Loader, NativeSelect, Slider, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import { COACH_PROVIDERS, coachProviderName, setupOf, type CoachConfig, type CoachProvider } from "../../lib/coach";
import { run } from "../../lib/ownData";

/** This conversation's choices; null keeps what Settings → Coach says. */
export type Overrides = { provider: CoachProvider | null; model: string | null; temperature: number | null };
export const NO_OVERRIDES: Overrides = { provider: null, model: null, temperature: null };

/**
 * Provider, model and temperature for the next questions. The models are asked
 * of the provider's server when the athlete opens the list; a failure shows under it.
 */
export function ModelPicker({ config, value, onChange }: { config: CoachConfig; value: Overrides; onChange: (o: Overrides) => void }) {
  const { t } = useTranslation();
  const provider = value.provider ?? config.active;
  const model = value.model ?? setupOf(config, provider).model;
  const temperature = value.temperature ?? config.temperature;
  const [models, setModels] = useState<{ provider: CoachProvider; list: string[] } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const loadModels = async () => {
    if (loading || models?.provider === provider) return;
    setLoading(true);
    setError(null);
    const res = await run(() => commands.coachModels(provider));
    setLoading(false);
    if (res.status === "ok") setModels({ provider, list: res.data });
    else setError(res.error.message);
  };

  const usesModel = provider !== "none" && provider !== "local";
  return (
    <Group gap="md" align="flex-start" data-testid="coach-model-picker">
      <NativeSelect
        size="xs"
        w={190}
        label={t("coach.picker.provider")}
        value={provider}
        data={COACH_PROVIDERS.map((p) => ({ value: p, label: coachProviderName(t, p) }))}
        onChange={(e) => {
          setModels(null);
          setError(null);
          onChange({ ...value, provider: e.currentTarget.value as CoachProvider, model: null });
        }}
        data-testid="coach-provider"
      />
      {usesModel && (
        <NativeSelect
          size="xs"
          w={220}
          label={t("coach.picker.model")}
          value={model}
          data={[...new Set([model, ...(models?.provider === provider ? models.list : [])])].filter(Boolean)}
          onMouseDown={() => void loadModels()}
          onFocus={() => void loadModels()}
          onChange={(e) => onChange({ ...value, provider, model: e.currentTarget.value })}
          rightSection={loading ? <Loader size={12} /> : undefined}
          error={error}
          data-testid="coach-model"
        />
      )}
      {provider !== "none" && (
        <Stack gap={2} w={180}>
          <Text size="xs" fw={500}>
            {t("coach.picker.temperature", { value: (temperature ?? 0).toFixed(1) })}
          </Text>
          <Slider
            size="sm"
            min={0}
            max={2}
            step={0.1}
            value={temperature ?? 0}
            onChange={(v) => onChange({ ...value, temperature: v })}
            label={(v) => v.toFixed(1)}
            aria-label={t("coach.picker.temperatureLabel")}
            data-testid="coach-temperature"
          />
        </Stack>
      )}
    </Group>
  );
}
