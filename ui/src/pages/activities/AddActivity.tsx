import { useMemo, useState } from "react";
import { Alert, Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { zodResolver } from "@hookform/resolvers/zod";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconPencilPlus } from "@tabler/icons-react";
import { Controller, useForm, type FieldError } from "react-hook-form";
import { useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { RpePicker } from "../../components/RpePicker";
import { SportIcon } from "../../components/SportIcon";
import { acts } from "../../lib/activities/api";
import { SPORTS } from "../../lib/activities/format";
import { toApiError } from "../../lib/activities/useImport";
import { todayIso } from "../../lib/format";
import {
  defaultEntryForm,
  entryFieldOf,
  entryMessageParams,
  entrySchema,
  formToManualInput,
  type EntryField,
  type EntryFormValues,
} from "../../lib/manualEntry";
import { useSettings } from "../../lib/settings";

/** "Add activity": a session recorded without a device (gym, a forgotten watch, a class). */
export function AddActivity() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="light" leftSection={<IconPencilPlus size={18} />} onClick={() => setOpen(true)} data-testid="activity-add">
        {t("entry.add")}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t("entry.title")} size="lg" centered>
        {/* Mounted only while open, so every opening starts from a fresh form at the current time. */}
        {open && <EntryForm onCancel={() => setOpen(false)} />}
      </Modal>
    </>
  );
}

const TEST_ID: Record<EntryField, string> = {
  sport: "sport",
  date: "date",
  time: "time",
  duration: "duration",
  distance: "distance",
  avg_hr: "avg-hr",
  max_hr: "max-hr",
  name: "name",
  description: "description",
  rpe: "rpe",
  notes: "notes",
};

function EntryForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { settings } = useSettings();
  const [formError, setFormError] = useState<string | null>(null);
  const resolver = useMemo(() => zodResolver(entrySchema()), []);
  const {
    register,
    control,
    handleSubmit,
    setError,
    watch,
    formState: { errors, isSubmitting },
  } = useForm<EntryFormValues>({ resolver, defaultValues: defaultEntryForm() });
  const sport = watch("sport");

  const errorNode = (field: EntryField, error: FieldError | undefined) => {
    if (!error?.message) return undefined;
    // Backend messages are shown as they are; ours are i18n keys.
    const text = error.type === "server" ? error.message : t(error.message, entryMessageParams(field));
    return <span data-testid={`entry-error-${TEST_ID[field]}`}>{text}</span>;
  };
  const fieldProps = (field: EntryField) => ({
    ...register(field),
    "data-testid": `entry-${TEST_ID[field]}`,
    error: errorNode(field, errors[field]),
  });

  const onSubmit = async (values: EntryFormValues) => {
    setFormError(null);
    try {
      const res = await acts.addActivity(formToManualInput(values, settings.units));
      if (res.status === "ok") {
        notifications.show({ color: "teal", icon: <IconCheck size={18} />, message: t("entry.added") });
        navigate(`/activities/${res.data}`);
        return;
      }
      const field = entryFieldOf(res.error.field);
      if (field) setError(field, { type: "server", message: res.error.message }, { shouldFocus: true });
      else setFormError(res.error.message);
    } catch (e) {
      setFormError(toApiError(e).message);
    }
  };

  return (
    <form noValidate onSubmit={handleSubmit(onSubmit)} aria-label={t("entry.title")} data-testid="entry-form">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t("entry.intro")}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <NativeSelect
            label={t("entry.fields.sport")}
            data={SPORTS.map((s) => ({ value: s, label: t(`activities.sport.${s}`) }))}
            leftSection={<SportIcon sport={sport} size={16} />}
            {...fieldProps("sport")}
          />
          <TextInput type="date" label={t("entry.fields.date")} max={todayIso()} {...fieldProps("date")} />
          <TextInput type="time" label={t("entry.fields.time")} {...fieldProps("time")} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
          <TextInput
            label={t("entry.fields.duration")}
            description={t("entry.hints.duration")}
            placeholder="1:00:00"
            inputMode="numeric"
            withAsterisk
            {...fieldProps("duration")}
          />
          <TextInput
            label={t(settings.units === "imperial" ? "entry.fields.distanceMi" : "entry.fields.distanceKm")}
            description={t("entry.hints.optional")}
            inputMode="decimal"
            {...fieldProps("distance")}
          />
          <TextInput label={t("entry.fields.avg_hr")} description={t("entry.hints.optional")} inputMode="numeric" {...fieldProps("avg_hr")} />
          <TextInput label={t("entry.fields.max_hr")} description={t("entry.hints.optional")} inputMode="numeric" {...fieldProps("max_hr")} />
        </SimpleGrid>
        <TextInput label={t("entry.fields.name")} placeholder={t("entry.hints.name")} maxLength={200} {...fieldProps("name")} />
        <Textarea label={t("entry.fields.description")} autosize minRows={2} maxRows={6} {...fieldProps("description")} />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t("feedback.rpe.label")}
          </Text>
          <Controller
            control={control}
            name="rpe"
            render={({ field }) => <RpePicker value={field.value} onChange={field.onChange} testId="entry-rpe" />}
          />
          {errors.rpe && (
            <Text size="xs" c="red">
              {errorNode("rpe", errors.rpe)}
            </Text>
          )}
        </Stack>
        <Textarea label={t("feedback.notes")} placeholder={t("feedback.notesPlaceholder")} autosize minRows={2} maxRows={6} {...fieldProps("notes")} />
        {formError && (
          <Alert color="red" variant="light" title={t("entry.saveError")} data-testid="entry-form-error">
            {formError}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} data-testid="entry-cancel">
            {t("entry.cancel")}
          </Button>
          <Button type="submit" loading={isSubmitting} data-testid="entry-save">
            {t("entry.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
