import { useMemo, useState } from "react";
import { Alert, Badge, Button, Group, Modal, NativeSelect, Stack, Switch, Text, TextInput, Textarea, Tooltip } from "@mantine/core";
import { zodResolver } from "@hookform/resolvers/zod";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconPencil } from "@tabler/icons-react";
import { Controller, useForm, type Control, type FieldError } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { ActivityDetail } from "../../../lib/api";
import { acts } from "../../../lib/activities/api";
import { toApiError } from "../../../lib/activities/useImport";
import {
  detailToEditForm,
  editFormToEdit,
  editMessageParams,
  editSchema,
  isEditField,
  sportOptions,
  type EditField,
  type EditFormValues,
} from "../../../lib/activityEdit";

/** "Edit": the athlete's name, sport, description and flags, which win over every import. */
export function EditActivity({ detail, onSaved }: { detail: ActivityDetail; onSaved: (d: ActivityDetail) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="light" leftSection={<IconPencil size={16} />} onClick={() => setOpen(true)} data-testid="activity-edit">
        {t("entry.edit.button")}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t("entry.edit.title")} size="lg" centered>
        {open && (
          <EditForm
            detail={detail}
            onCancel={() => setOpen(false)}
            onSaved={(d) => {
              setOpen(false);
              onSaved(d);
            }}
          />
        )}
      </Modal>
    </>
  );
}

function EditForm({ detail, onCancel, onSaved }: { detail: ActivityDetail; onCancel: () => void; onSaved: (d: ActivityDetail) => void }) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const resolver = useMemo(() => zodResolver(editSchema), []);
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<EditFormValues>({ resolver, defaultValues: detailToEditForm(detail) });
  const sports = sportOptions(detail.summary.sport);

  const errorNode = (field: EditField, error: FieldError | undefined) => {
    if (!error?.message) return undefined;
    const text = error.type === "server" ? error.message : t(error.message, editMessageParams(field));
    return <span data-testid={`edit-error-${field}`}>{text}</span>;
  };

  const onSubmit = async (values: EditFormValues) => {
    setFormError(null);
    try {
      const res = await acts.editActivity(detail.summary.id, editFormToEdit(values));
      if (res.status === "ok") {
        notifications.show({ color: "teal", icon: <IconCheck size={18} />, message: t("entry.edit.saved") });
        onSaved(res.data);
        return;
      }
      if (isEditField(res.error.field)) setError(res.error.field, { type: "server", message: res.error.message }, { shouldFocus: true });
      else setFormError(res.error.message);
    } catch (e) {
      setFormError(toApiError(e).message);
    }
  };

  return (
    <form noValidate onSubmit={handleSubmit(onSubmit)} aria-label={t("entry.edit.title")} data-testid="edit-form">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t("entry.edit.intro")}
        </Text>
        <TextInput
          label={t("entry.fields.name")}
          maxLength={200}
          {...register("name")}
          error={errorNode("name", errors.name)}
          data-testid="edit-name"
        />
        <NativeSelect
          label={t("entry.fields.sport")}
          data={sports.map((s) => ({ value: s, label: t(`activities.sport.${s}`, { defaultValue: s }) }))}
          {...register("sport")}
          error={errorNode("sport", errors.sport)}
          data-testid="edit-sport"
        />
        <Textarea
          label={t("entry.fields.description")}
          autosize
          minRows={2}
          maxRows={8}
          {...register("description")}
          error={errorNode("description", errors.description)}
          data-testid="edit-description"
        />
        <FlagSwitch control={control} name="counts_for_load" label={t("entry.edit.countsForLoad")} hint={t("entry.edit.countsForLoadHint")} testId="edit-counts-for-load" />
        <FlagSwitch
          control={control}
          name="exclude_from_export"
          label={t("entry.edit.excludeFromExport")}
          hint={t("entry.edit.excludeFromExportHint")}
          testId="edit-exclude-from-export"
        />
        {formError && (
          <Alert color="red" variant="light" title={t("entry.edit.saveError")} data-testid="edit-form-error">
            {formError}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} data-testid="edit-cancel">
            {t("entry.cancel")}
          </Button>
          <Button type="submit" loading={isSubmitting} data-testid="edit-save">
            {t("entry.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A yes/no flag of the edit form (controlled: Mantine's Switch keeps its own checked state otherwise). */
function FlagSwitch({
  control,
  name,
  label,
  hint,
  testId,
}: {
  control: Control<EditFormValues>;
  name: "counts_for_load" | "exclude_from_export";
  label: string;
  hint: string;
  testId: string;
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <Switch
          label={label}
          description={hint}
          checked={field.value}
          onChange={(e) => field.onChange(e.currentTarget.checked)}
          onBlur={field.onBlur}
          ref={field.ref}
          data-testid={testId}
        />
      )}
    />
  );
}

/** A small "edited" marker after a value the athlete changed (it now wins over the files). */
export function EditedMark({ field, edited }: { field: string; edited: string[] }) {
  const { t } = useTranslation();
  if (!edited.includes(field)) return null;
  return (
    <Tooltip label={t("entry.edit.editedHint")} withArrow multiline maw={280}>
      <Badge size="xs" variant="outline" color="gray" radius="sm" data-testid={`edited-${field}`} style={{ cursor: "help" }}>
        {t("entry.edit.edited")}
      </Badge>
    </Tooltip>
  );
}
