import { Button, Group, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import { intervalsSchema, type IntervalsValues } from "../../../lib/syncForm";
import type { ConnectFormProps } from "./StravaForm";
import { SyncErrorAlert } from "./SyncErrorAlert";
import { fieldMessage } from "./connectError";
import { useConnectForm } from "./useConnectForm";

const EMPTY: IntervalsValues = { athlete_id: "", api_key: "" };

/** intervals.icu with the athlete id and an API key from its Developer Settings. */
export function IntervalsForm({ onConnected, onClose }: ConnectFormProps) {
  const { t } = useTranslation();
  const { register, errors, busy, failure, onSubmit } = useConnectForm({
    schema: intervalsSchema,
    empty: EMPTY,
    fields: ["athlete_id", "api_key"] as const,
    command: (values: IntervalsValues) => commands.accountConnectIntervals(values),
    onSuccess: onConnected,
  });

  return (
    <form noValidate onSubmit={onSubmit} aria-label={t("accounts.intervals.title")} data-testid="intervals-form">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t("accounts.intervals.where")}
        </Text>
        <Group grow align="flex-start">
          <TextInput
            label={t("accounts.intervals.athleteId")}
            description={t("accounts.intervals.athleteIdHint")}
            placeholder="i12345"
            autoComplete="off"
            {...register("athlete_id")}
            error={fieldMessage(t, errors.athlete_id)}
            data-testid="intervals-athlete-id"
          />
          <PasswordInput
            label={t("accounts.intervals.apiKey")}
            description={t("accounts.intervals.apiKeyHint")}
            autoComplete="off"
            {...register("api_key")}
            error={fieldMessage(t, errors.api_key)}
            data-testid="intervals-api-key"
          />
        </Group>
        {failure && <SyncErrorAlert provider="intervals_icu" code={failure.code} message={failure.message} testId="connect-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy} data-testid="connect-close">
            {t("accounts.cancel")}
          </Button>
          <Button type="submit" loading={busy} data-testid="intervals-connect">
            {t("accounts.connect")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
