import { Anchor, Group, Loader, NativeSelect, NumberInput, Slider, Stack, Text } from "@mantine/core";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import type { ApiError } from "../../lib/api";
import { COACH_PROVIDERS, coachProviderName, setupOf, type CoachConfig, type CoachProvider, type ConversationSettings } from "../../lib/coach";
import { MAX_TOKENS_RANGE } from "../../lib/coachForm";
import { formatNumber } from "../../lib/format";
import { run } from "../../lib/ownData";

/** The next questions' provider and model; null keeps what Settings → Coach says. */
export type Overrides = { provider: CoachProvider | null; model: string | null };
export const NO_OVERRIDES: Overrides = { provider: null, model: null };

/**
 * Provider and model for the next questions, and the conversation's own
 * temperature and answer length. The models are asked of the provider's server
 * when the athlete opens the list; a failure shows under it.
 */
export function ModelPicker({
  config,
  value,
  onChange,
  conversationId,
  settings,
  onSettingsChange,
  settingsDisabled = false,
}: {
  config: CoachConfig;
  value: Overrides;
  onChange: (o: Overrides) => void;
  /** The open conversation (null: a new one): its settings' drafts and errors are its own. */
  conversationId: number | null;
  settings: ConversationSettings;
  /** Changes one setting, keeping the other; resolves to the refusal, if any. */
  onSettingsChange: (change: Partial<ConversationSettings>) => Promise<ApiError | null>;
  settingsDisabled?: boolean;
}) {
  const { t } = useTranslation();
  const provider = value.provider ?? config.active;
  const model = value.model ?? setupOf(config, provider).model;
  const [models, setModels] = useState<{ provider: CoachProvider; list: string[] } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const loadModels = async () => {
    if (loading || models?.provider === provider) return;
    setLoading(true);
    setError(null);
    const res = await run(() => commands.coachModels(provider, null));
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
      {/* Grounded answers are written without a model: nothing to sample. */}
      {provider !== "none" && (
        <SettingsControls
          key={conversationId ?? "new"}
          config={config}
          settings={settings}
          onChange={onSettingsChange}
          disabled={settingsDisabled}
        />
      )}
    </Group>
  );
}

/** Whether a setting is the conversation's own (then it can go back to the default) or the default itself. */
function SettingSource({ own, resetLabel, onReset, disabled, testId }: { own: boolean; resetLabel: string; onReset: () => void; disabled: boolean; testId: string }) {
  const { t } = useTranslation();
  if (!own)
    return (
      <Text size="xs" c="dimmed" title={t("coach.picker.defaultHint")} data-testid={`${testId}-default`}>
        {t("coach.picker.default")}
      </Text>
    );
  return (
    <Anchor component="button" type="button" size="xs" onClick={onReset} disabled={disabled} aria-label={resetLabel} title={resetLabel} data-testid={`${testId}-reset`}>
      {t("coach.picker.reset")}
    </Anchor>
  );
}

/**
 * The conversation's temperature and answer length, its own or else the
 * default. A change is saved once the athlete lets go of the slider or leaves
 * the field (not at every step); until then, and when it is refused, the
 * draft shows with the reason.
 */
function SettingsControls({
  config,
  settings,
  onChange,
  disabled,
}: {
  config: CoachConfig;
  settings: ConversationSettings;
  onChange: (change: Partial<ConversationSettings>) => Promise<ApiError | null>;
  disabled: boolean;
}) {
  const { t, i18n } = useTranslation();
  const tokensId = useId();
  // The generated type lets an f64 be null (serde_json writes a NaN so); a saved temperature never is.
  const defaultTemperature = config.temperature ?? 0;
  const temperature = settings.temperature ?? defaultTemperature;
  const maxTokens = settings.max_tokens ?? config.max_tokens;
  const [temperatureDraft, setTemperatureDraft] = useState<number | null>(null);
  const [temperatureError, setTemperatureError] = useState<string | null>(null);
  const [tokensDraft, setTokensDraft] = useState<number | string | null>(null);
  const [tokensError, setTokensError] = useState<string | null>(null);

  /** Saves one setting unless it is unchanged; a refusal keeps the draft on screen with the reason. */
  const save = async (change: Partial<ConversationSettings>, unchanged: boolean, clearDraft: () => void, setError: (e: string | null) => void) => {
    setError(null);
    if (unchanged) return clearDraft();
    const refused = await onChange(change);
    if (refused) setError(refused.message);
    else clearDraft();
  };
  const saveTemperature = (next: number | null) =>
    save({ temperature: next }, next !== null && next === temperature, () => setTemperatureDraft(null), setTemperatureError);
  const saveMaxTokens = (next: number | null) =>
    save({ max_tokens: next }, next !== null && next === maxTokens, () => setTokensDraft(null), setTokensError);

  /** The field as typed: empty goes back to the default; out of range is refused here, before a question could fail on it. */
  const leaveMaxTokens = () => {
    if (tokensDraft === null) return;
    if (tokensDraft === "") return void saveMaxTokens(null);
    const n = Number(tokensDraft);
    if (!Number.isInteger(n) || n < MAX_TOKENS_RANGE[0] || n > MAX_TOKENS_RANGE[1]) return setTokensError(t("coach.settings.errors.maxTokens"));
    void saveMaxTokens(n);
  };

  const shownTemperature = temperatureDraft ?? temperature;
  return (
    <>
      <Stack gap={2} w={200}>
        <Group justify="space-between" gap={4} wrap="nowrap">
          <Text size="xs" fw={500}>
            {t("coach.picker.temperature", { value: shownTemperature.toFixed(1) })}
          </Text>
          <SettingSource
            own={settings.temperature !== null}
            resetLabel={t("coach.picker.resetTemperature", { value: defaultTemperature.toFixed(1) })}
            onReset={() => void saveTemperature(null)}
            disabled={disabled}
            testId="coach-temperature"
          />
        </Group>
        <Slider
          size="sm"
          min={0}
          max={2}
          step={0.1}
          value={shownTemperature}
          onChange={setTemperatureDraft}
          onChangeEnd={(v) => void saveTemperature(v)}
          label={(v) => v.toFixed(1)}
          disabled={disabled}
          aria-label={t("coach.picker.temperatureLabel")}
          data-testid="coach-temperature"
        />
        {temperatureError && (
          <Text size="xs" c="red" role="alert" data-testid="coach-temperature-error">
            {temperatureError}
          </Text>
        )}
      </Stack>
      <Stack gap={2} w={200}>
        {/* The French label is long: the hint may go under it. */}
        <Group justify="space-between" gap={4}>
          <Text component="label" htmlFor={tokensId} size="xs" fw={500}>
            {t("coach.picker.maxTokens")}
          </Text>
          <SettingSource
            own={settings.max_tokens !== null}
            resetLabel={t("coach.picker.resetMaxTokens", { value: formatNumber(config.max_tokens, i18n.language, 0) })}
            onReset={() => void saveMaxTokens(null)}
            disabled={disabled}
            testId="coach-max-tokens"
          />
        </Group>
        <NumberInput
          id={tokensId}
          size="xs"
          min={MAX_TOKENS_RANGE[0]}
          max={MAX_TOKENS_RANGE[1]}
          step={100}
          allowDecimal={false}
          allowNegative={false}
          // Not clamped: a typed 5 would silently become 16; the athlete is told instead.
          clampBehavior="none"
          hideControls
          value={tokensDraft ?? maxTokens}
          onChange={(v) => {
            setTokensError(null);
            setTokensDraft(v);
          }}
          onBlur={leaveMaxTokens}
          // Enter saves as leaving the field does (through onBlur: once).
          onKeyDown={(e) => {
            if (e.key === "Enter") e.currentTarget.blur();
          }}
          rightSection={
            <Text size="xs" c="dimmed" pr={6}>
              {t("coach.picker.tokens")}
            </Text>
          }
          rightSectionWidth={52}
          rightSectionPointerEvents="none"
          disabled={disabled}
          error={tokensError}
          data-testid="coach-max-tokens"
        />
      </Stack>
    </>
  );
}
