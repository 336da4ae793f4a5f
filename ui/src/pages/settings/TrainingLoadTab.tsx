import { Alert, Button, Card, Group, NativeSelect, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import { zodResolver } from "@hookform/resolvers/zod";
import { IconRestore } from "@tabler/icons-react";
import { useEffect, useMemo, useState } from "react";
import { useForm, type FieldError } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import type { LoadModel } from "../../lib/api";
import {
  LOAD_MODEL_FORMS,
  LOAD_MODEL_TEST_ID,
  defaultLoadModelForm,
  formToLoadModel,
  isLoadModelField,
  loadModelMessageParams,
  loadModelSchema,
  loadModelToForm,
  type LoadModelField,
  type LoadModelFormValues,
} from "../../lib/loadModelForm";
import { useLoadModel } from "../../lib/useProfile";
import { saveForm, type SaveStatus } from "./saveForm";


/** Settings › Training load: how fitness (CTL) and fatigue (ATL) average the daily loads. */
export function TrainingLoadTab() {
  const model = useLoadModel();

  if (model.loading && !model.data) return <Skeleton h={360} radius="lg" />;
  if (model.error && !model.data) {
    return (
      <Alert color="red" variant="light" data-testid="load-model-load-error">
        {model.error.message}
      </Alert>
    );
  }
  return <LoadModelForm model={model.data} onSaved={model.setData} />;
}

function LoadModelForm({ model, onSaved }: { model: LoadModel | null; onSaved: (m: LoadModel) => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<SaveStatus>("idle");
  const [formError, setFormError] = useState<string | null>(null);
  const resolver = useMemo(() => zodResolver(loadModelSchema()), []);
  const {
    register,
    handleSubmit,
    reset,
    setValue,
    clearErrors,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<LoadModelFormValues>({ resolver, defaultValues: loadModelToForm(model) });

  useEffect(() => {
    reset(loadModelToForm(model));
  }, [model, reset]);

  const errorNode = (field: LoadModelField, error: FieldError | undefined) => {
    if (!error?.message) return undefined;
    // Backend messages are shown as they are; ours are i18n keys.
    const text = error.type === "server" ? error.message : t(error.message, loadModelMessageParams());
    return <span data-testid={`load-model-error-${LOAD_MODEL_TEST_ID[field]}`}>{text}</span>;
  };

  const fieldProps = (field: LoadModelField) => ({
    ...register(field),
    "data-testid": `load-model-${LOAD_MODEL_TEST_ID[field]}`,
    error: errorNode(field, errors[field]),
  });

  /** Puts Coggan's defaults back in the form; saving applies them. */
  const restoreDefaults = () => {
    const d = defaultLoadModelForm();
    for (const key of Object.keys(d) as LoadModelField[]) setValue(key, d[key], { shouldDirty: true });
    clearErrors();
    setFormError(null);
    setStatus("idle");
  };

  const onSubmit = (values: LoadModelFormValues) =>
    saveForm({
      call: () => commands.setLoadModel(formToLoadModel(values)),
      isField: isLoadModelField,
      setFieldError: (field, message) => setError(field, { type: "server", message }, { shouldFocus: true }),
      setFormError,
      setStatus,
      saved: <span data-testid="load-model-saved">{t("settings.trainingLoad.saved")}</span>,
      onSaved,
    });

  return (
    <Card withBorder radius="lg" padding="xl" maw={820}>
      <form
        noValidate
        onSubmit={handleSubmit(onSubmit, () => setStatus("idle"))}
        aria-label={t("settings.trainingLoad.title")}
        data-testid="load-model-form"
      >
        <Stack gap="lg">
          <Stack gap={4}>
            <Title order={3}>{t("settings.trainingLoad.title")}</Title>
            <Text size="sm" c="dimmed" data-testid="load-model-intro">
              {t("settings.trainingLoad.intro")}
            </Text>
          </Stack>

          <SimpleGrid cols={2} spacing="md" verticalSpacing="md">
            <TextInput
              label={t("settings.trainingLoad.fields.ctl_days")}
              description={t("settings.trainingLoad.hints.ctl_days")}
              inputMode="decimal"
              placeholder="42"
              {...fieldProps("ctl_days")}
            />
            <TextInput
              label={t("settings.trainingLoad.fields.atl_days")}
              description={t("settings.trainingLoad.hints.atl_days")}
              inputMode="decimal"
              placeholder="7"
              {...fieldProps("atl_days")}
            />
          </SimpleGrid>

          <NativeSelect
            label={t("settings.trainingLoad.fields.form")}
            data={LOAD_MODEL_FORMS.map((f) => ({ value: f, label: t(`settings.trainingLoad.forms.${f}`) }))}
            maw={420}
            {...fieldProps("form")}
          />

          <Group align="center" justify="space-between">
            <Button
              type="button"
              variant="default"
              leftSection={<IconRestore size={16} />}
              onClick={restoreDefaults}
              data-testid="load-model-reset"
            >
              {t("settings.trainingLoad.reset")}
            </Button>
            <Group gap="md" ml="auto">
              <Text
                size="sm"
                c={status === "error" ? "red" : status === "saved" ? "teal" : "dimmed"}
                data-testid="load-model-status"
                data-state={status}
                aria-live="polite"
              >
                {status === "idle" ? "" : t(`settings.trainingLoad.status.${status}`)}
              </Text>
              <Button type="submit" loading={isSubmitting} data-testid="load-model-save">
                {t("settings.trainingLoad.save")}
              </Button>
            </Group>
          </Group>

          {formError && (
            <Alert
              color="red"
              variant="light"
              title={t("settings.trainingLoad.saveError")}
              data-testid="load-model-form-error"
            >
              {formError}
            </Alert>
          )}
        </Stack>
      </form>
    </Card>
  );
}
