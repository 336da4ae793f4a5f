import { useEffect, useState } from "react";
import { Alert, Button, Group, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { ApiResult } from "../lib/api";
import { toApiError } from "../lib/activities/useImport";
import { NOTES_MAX_CHARS, notesOrNull, type Feedback } from "../lib/feedback";
import { RpePicker } from "./RpePicker";

export type FeedbackTestIds = { picker: string; notes: string; save: string };

/**
 * RPE and notes, saved together (an activity's "How it felt", a planned
 * workout's feedback). The save button wakes up only when something changed.
 */
export function FeedbackForm({
  initial,
  save,
  onSaved,
  testIds,
}: {
  initial: Feedback;
  save: (feedback: Feedback) => Promise<ApiResult<Feedback>>;
  onSaved?: (feedback: Feedback) => void;
  testIds: FeedbackTestIds;
}) {
  const { t } = useTranslation();
  const [rpe, setRpe] = useState<number | null>(initial.rpe);
  const [notes, setNotes] = useState(initial.notes ?? "");
  const [saved, setSaved] = useState<Feedback>(initial);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ rpe?: string; notes?: string; form?: string }>({});

  useEffect(() => {
    setRpe(initial.rpe);
    setNotes(initial.notes ?? "");
    setSaved(initial);
  }, [initial]);

  const next: Feedback = { rpe, notes: notesOrNull(notes) };
  const dirty = next.rpe !== saved.rpe || next.notes !== (saved.notes ?? null);
  const tooLong = notes.trim().length > NOTES_MAX_CHARS;

  const submit = async () => {
    if (tooLong) return;
    setBusy(true);
    setErrors({});
    try {
      const res = await save(next);
      if (res.status === "ok") {
        setSaved(res.data);
        notifications.show({ color: "teal", icon: <IconCheck size={18} />, message: t("feedback.saved") });
        onSaved?.(res.data);
      } else if (res.error.field === "rpe" || res.error.field === "notes") {
        setErrors({ [res.error.field]: res.error.message });
      } else {
        setErrors({ form: res.error.message });
      }
    } catch (e) {
      setErrors({ form: toApiError(e).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t("feedback.rpe.label")}
        </Text>
        <RpePicker value={rpe} onChange={setRpe} testId={testIds.picker} />
        {errors.rpe && (
          <Text size="xs" c="red">
            {errors.rpe}
          </Text>
        )}
      </Stack>
      <Textarea
        label={t("feedback.notes")}
        placeholder={t("feedback.notesPlaceholder")}
        autosize
        minRows={2}
        maxRows={8}
        value={notes}
        onChange={(e) => setNotes(e.currentTarget.value)}
        error={tooLong ? t("feedback.validation.notesLength", { max: NOTES_MAX_CHARS }) : errors.notes}
        data-testid={testIds.notes}
      />
      {errors.form && (
        <Alert color="red" variant="light" title={t("feedback.saveError")} data-testid={`${testIds.save}-error`}>
          {errors.form}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button onClick={() => void submit()} loading={busy} disabled={!dirty || tooLong} data-testid={testIds.save}>
          {t("feedback.save")}
        </Button>
      </Group>
    </Stack>
  );
}
