import { Alert, Autocomplete, Button, Card, Group, Radio, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { zodResolver } from "@hookform/resolvers/zod";
import { IconList } from "@tabler/icons-react";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { Controller, useForm, useWatch, type FieldError } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import { COACH_PROVIDERS, REMOTE_PROVIDERS, coachProviderName, type CoachConfig, type CoachProvider } from "../../../lib/coach";
import { coachSchema, configToForm, formToInput, type CoachFormValues } from "../../../lib/coachForm";
import { run } from "../../../lib/ownData";
import { saveForm, type SaveStatus } from "../saveForm";

type Props = {
  config: CoachConfig;
  onSaved: (c: CoachConfig) => void;
  /** What goes under the chosen provider's fields (its API key). */
  children?: (provider: CoachProvider) => ReactNode;
  /** The chosen provider's API key, typed but not yet saved: tried when listing models. */
  typedKey?: string;
};

/** Which provider answers (with each one's trade-off), its server and model, temperature and length. */
export function CoachSettingsForm({ config, onSaved, children, typedKey }: Props) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<SaveStatus>("idle");
  const [formError, setFormError] = useState<string | null>(null);
  const resolver = useMemo(() => zodResolver(coachSchema()), []);
  const {
    register,
    handleSubmit,
    reset,
    control,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<CoachFormValues>({ resolver, defaultValues: configToForm(config) });

  useEffect(() => {
    reset(configToForm(config));
  }, [config, reset]);

  const active = useWatch({ control, name: "active" });
  const index = REMOTE_PROVIDERS.indexOf(active);
  const msg = (e: FieldError | undefined) => (e?.message ? (e.type === "server" ? e.message : t(e.message)) : undefined);

  const onSubmit = (values: CoachFormValues) =>
    saveForm({
      call: () => commands.coachSetConfig(formToInput(values, config)),
      isField: (f): f is "temperature" | "max_tokens" => f === "temperature" || f === "max_tokens",
      setFieldError: (field, message) => setError(field, { type: "server", message }),
      setFormError,
      setStatus,
      saved: <span data-testid="coach-settings-saved">{t("coach.settings.saved")}</span>,
      onSaved,
    });

  return (
    <Card withBorder radius="lg" padding="xl">
      <form noValidate onSubmit={handleSubmit(onSubmit)} aria-label={t("coach.settings.title")} data-testid="coach-settings-form">
        <Stack gap="lg">
          <Stack gap={4}>
            <Title order={3}>{t("coach.settings.title")}</Title>
            <Text size="sm" c="dimmed">
              {t("coach.settings.intro")}
            </Text>
          </Stack>

          <Controller
            control={control}
            name="active"
            render={({ field }) => (
              <Radio.Group value={field.value} onChange={(v) => field.onChange(v as CoachProvider)} label={t("coach.settings.provider")}>
                <Stack gap="sm" mt="xs">
                  {COACH_PROVIDERS.map((p) => (
                    <Radio
                      key={p}
                      value={p}
                      label={coachProviderName(t, p)}
                      description={t(`coach.settings.tradeoffs.${p}`)}
                      data-testid={`coach-settings-provider-${p}`}
                    />
                  ))}
                </Stack>
              </Radio.Group>
            )}
          />

          {index >= 0 && (
            <Stack gap="sm" key={active} data-testid="coach-settings-remote">
              <TextInput
                label={t("coach.settings.baseUrl")}
                description={t(`coach.settings.baseUrlHints.${active}`)}
                {...register(`providers.${index}.base_url`)}
                error={msg(errors.providers?.[index]?.base_url)}
                data-testid="coach-settings-base-url"
              />
              <ModelField
                provider={active}
                control={control}
                index={index}
                apiKey={typedKey}
                error={msg(errors.providers?.[index]?.model)}
                onPick={(m) => setValue(`providers.${index}.model`, m, { shouldDirty: true })}
              />
            </Stack>
          )}
          {children?.(active)}

          {active !== "none" && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t("coach.settings.temperature")}
                description={t("coach.settings.temperatureHint")}
                inputMode="decimal"
                {...register("temperature")}
                error={msg(errors.temperature)}
                data-testid="coach-settings-temperature"
              />
              <TextInput
                label={t("coach.settings.maxTokens")}
                description={t("coach.settings.maxTokensHint")}
                inputMode="numeric"
                {...register("max_tokens")}
                error={msg(errors.max_tokens)}
                data-testid="coach-settings-max-tokens"
              />
            </SimpleGrid>
          )}

          {formError && (
            <Alert color="red" variant="light" data-testid="coach-settings-error">
              {formError}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={isSubmitting || status === "saving"} data-testid="coach-settings-save">
              {t("coach.settings.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** The model name, typed or picked from what the provider's server lists. */
function ModelField({
  provider,
  control,
  index,
  apiKey,
  error,
  onPick,
}: {
  provider: CoachProvider;
  control: ReturnType<typeof useForm<CoachFormValues>>["control"];
  index: number;
  /** A key typed but not saved; the saved one is used without it. */
  apiKey: string | undefined;
  error: string | undefined;
  onPick: (m: string) => void;
}) {
  const { t } = useTranslation();
  const [models, setModels] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // The address and key being typed, not only the saved ones: the athlete
  // checks a server answers before saving them.
  const baseUrl = useWatch({ control, name: `providers.${index}.base_url` });

  const list = async () => {
    setBusy(true);
    setFailure(null);
    const res = await run(() => commands.coachModels(provider, { base_url: baseUrl || null, api_key: apiKey?.trim() || null }));
    setBusy(false);
    if (res.status === "ok") setModels(res.data);
    else setFailure(res.error.message);
  };

  return (
    <Stack gap={4}>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Controller
          control={control}
          name={`providers.${index}.model`}
          render={({ field }) => (
            <Autocomplete
              style={{ flex: 1 }}
              label={t("coach.settings.model")}
              value={field.value}
              onChange={field.onChange}
              onOptionSubmit={onPick}
              data={models ?? []}
              error={error}
              data-testid="coach-settings-model"
            />
          )}
        />
        <Button variant="default" leftSection={<IconList size={16} />} onClick={() => void list()} loading={busy} data-testid="coach-settings-list-models">
          {t("coach.settings.listModels")}
        </Button>
      </Group>
      {failure && (
        <Text size="xs" c="red" data-testid="coach-settings-models-error">
          {failure}
        </Text>
      )}
      {models && !failure && (
        <Text size="xs" c="dimmed" data-testid="coach-settings-models-found">
          {t("coach.settings.modelsFound", { n: models.length })}
        </Text>
      )}
    </Stack>
  );
}
