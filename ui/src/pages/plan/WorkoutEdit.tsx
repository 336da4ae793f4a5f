// The drawer's small edit form: a planned session's title and purpose, checked
// here (zod) and by the backend, whose refusals land under their field.
import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Stack, TextInput, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { commands, type Workout } from "../../bindings";
import { toApiError } from "../../lib/activities/useImport";
import type { PlanView } from "../../lib/api";

export const TITLE_MAX = 80;
export const PURPOSE_MAX = 500;

/** Messages are i18n keys, translated when shown. */
export const workoutEditSchema = z.object({
  title: z.string().trim().min(1, "plan.drawer.titleRequired").max(TITLE_MAX, "plan.drawer.titleTooLong"),
  purpose: z.string().trim().max(PURPOSE_MAX, "plan.drawer.purposeTooLong"),
});
export type WorkoutEditValues = z.infer<typeof workoutEditSchema>;

export function WorkoutEditForm({
  id,
  workout,
  onSaved,
  onCancel,
}: {
  id: number;
  workout: Workout;
  onSaved: (p: PlanView) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { register, handleSubmit, setError, formState } = useForm<WorkoutEditValues>({
    resolver: zodResolver(workoutEditSchema),
    defaultValues: { title: workout.title, purpose: workout.purpose },
  });
  const { errors, isSubmitting } = formState;
  const msg = (m?: string) => (m ? t(m, { max: m.startsWith("plan.drawer.title") ? TITLE_MAX : PURPOSE_MAX, defaultValue: m }) : undefined);

  const save = handleSubmit(async (v) => {
    try {
      const res = await commands.replacePlannedWorkout(id, { ...workout, title: v.title, purpose: v.purpose });
      if (res.status === "ok") {
        notifications.show({ color: "teal", message: t("plan.drawer.saved") });
        onSaved(res.data);
        return;
      }
      const f = res.error.field;
      if (res.error.code === "invalid_input" && (f === "title" || f === "purpose")) {
        setError(f, { type: "server", message: res.error.message }, { shouldFocus: true });
        return;
      }
      notifications.show({ color: "red", title: t("plan.drawer.error"), message: res.error.message });
    } catch (e) {
      notifications.show({ color: "red", title: t("plan.drawer.error"), message: toApiError(e).message });
    }
  });

  return (
    <form onSubmit={(e) => void save(e)} noValidate data-testid="workout-edit-form">
      <Stack gap="sm">
        <TextInput
          label={t("plan.drawer.titleLabel")}
          withAsterisk
          {...register("title")}
          error={msg(errors.title?.message)}
          data-testid="workout-edit-title"
        />
        <Textarea
          label={t("plan.drawer.purposeLabel")}
          rows={3}
          {...register("purpose")}
          error={msg(errors.purpose?.message)}
          data-testid="workout-edit-purpose"
        />
        <Group gap="sm">
          <Button type="submit" loading={isSubmitting} data-testid="workout-edit-save">
            {t("plan.drawer.save")}
          </Button>
          <Button variant="default" onClick={onCancel} data-testid="workout-edit-cancel">
            {t("plan.drawer.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
