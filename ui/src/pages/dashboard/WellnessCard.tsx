import { useEffect, useMemo, useState } from "react";
import { Alert, Button, Card, Group, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { zodResolver } from "@hookform/resolvers/zod";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconMoon } from "@tabler/icons-react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import { ScalePicker } from "../../components/ScalePicker";
import { toApiError } from "../../lib/activities/useImport";
import { NOTES_MAX_CHARS, type WellnessDay } from "../../lib/feedback";
import { todayIso } from "../../lib/format";
import {
  SCALE_VALUES,
  SLEEP_RANGE,
  WELLNESS_SCALES,
  formToWellness,
  wellnessSchema,
  wellnessToForm,
  type WellnessFormValues,
} from "../../lib/wellnessForm";
import { CardTitle, DashboardError, Loading } from "./parts";
import { useBackend } from "./useBackend";

const TEST_ID = { sleep_quality: "sleep-quality", soreness: "soreness", mood: "mood" } as const;

/** "Wellness today": sleep, soreness, mood and a note, one entry per day. */
export function WellnessCard() {
  const { t } = useTranslation();
  const today = todayIso();
  const day = useBackend(() => commands.wellnessDays(today, today), `wellness-${today}`);
  const entry = day.data?.find((d) => d.date === today) ?? null;
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="wellness-card">
      <CardTitle icon={IconMoon} title={t("wellness.title")} />
      {day.error ? (
        <DashboardError error={day.error} testId="wellness-error" />
      ) : day.loading && !day.data ? (
        <Loading testId="wellness-loading" h={80} />
      ) : (
        <WellnessForm date={today} entry={entry} />
      )}
    </Card>
  );
}

function WellnessForm({ date, entry }: { date: string; entry: WellnessDay | null }) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const [recorded, setRecorded] = useState(entry !== null);
  const resolver = useMemo(() => zodResolver(wellnessSchema), []);
  const {
    register,
    control,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<WellnessFormValues>({ resolver, defaultValues: wellnessToForm(entry) });
  useEffect(() => reset(wellnessToForm(entry)), [entry, reset]);

  const onSubmit = async (values: WellnessFormValues) => {
    setFormError(null);
    try {
      const res = await commands.setWellness(formToWellness(date, values));
      if (res.status === "ok") {
        reset(wellnessToForm(res.data));
        setRecorded(true);
        notifications.show({ color: "teal", icon: <IconCheck size={18} />, message: t("wellness.saved") });
        return;
      }
      const field = res.error.field;
      if (field === "sleep_hours" || field === "notes" || field === "sleep_quality" || field === "soreness" || field === "mood")
        setError(field, { type: "server", message: res.error.message });
      else setFormError(res.error.message);
    } catch (e) {
      setFormError(toApiError(e).message);
    }
  };

  const message = (field: keyof WellnessFormValues) => {
    const e = errors[field];
    if (!e?.message) return undefined;
    const text = e.type === "server" ? e.message : t(e.message, field === "notes" ? { max: NOTES_MAX_CHARS } : SLEEP_RANGE);
    return <span data-testid={`wellness-error-${field}`}>{text}</span>;
  };

  return (
    <form noValidate onSubmit={handleSubmit(onSubmit)} aria-label={t("wellness.title")} data-testid="wellness-form">
      <Stack gap="sm">
        <TextInput
          label={t("wellness.sleepHours")}
          placeholder="7.5"
          inputMode="decimal"
          w={160}
          {...register("sleep_hours")}
          error={message("sleep_hours")}
          data-testid="wellness-sleep-hours"
        />
        {WELLNESS_SCALES.map((scale) => (
          <Stack gap={2} key={scale}>
            <Text size="sm" fw={500}>
              {t(`wellness.scales.${scale}.label`)}
            </Text>
            <Text size="xs" c="dimmed">
              {t(`wellness.scales.${scale}.direction`)}
            </Text>
            <Controller
              control={control}
              name={scale}
              render={({ field }) => (
                <ScalePicker
                  values={SCALE_VALUES}
                  value={field.value}
                  onChange={field.onChange}
                  label={t(`wellness.scales.${scale}.label`)}
                  optionTitle={(v) => t(`wellness.scales.${scale}.values.${v}`)}
                  testId={`wellness-${TEST_ID[scale]}`}
                />
              )}
            />
          </Stack>
        ))}
        <Textarea
          label={t("wellness.notes")}
          placeholder={t("wellness.notesPlaceholder")}
          autosize
          minRows={1}
          maxRows={5}
          {...register("notes")}
          error={message("notes")}
          data-testid="wellness-notes"
        />
        {formError && (
          <Alert color="red" variant="light" title={t("wellness.saveError")} data-testid="wellness-form-error">
            {formError}
          </Alert>
        )}
        <Group justify="space-between">
          <Text size="xs" c="dimmed" data-testid="wellness-state">
            {recorded ? t("wellness.recorded") : t("wellness.notYet")}
          </Text>
          <Button type="submit" size="xs" loading={isSubmitting} disabled={!isDirty} data-testid="wellness-save">
            {t("wellness.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
