import { Button, Group, List, Loader, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import { run } from "../../../lib/ownData";
import type { Account } from "../../../lib/sync";
import { stravaSchema, type StravaValues } from "../../../lib/syncForm";
import { SyncErrorAlert } from "./SyncErrorAlert";
import { fieldMessage } from "./connectError";
import { useConnectForm } from "./useConnectForm";

export type ConnectFormProps = { onConnected: (a: Account) => void; onClose: () => void };

const EMPTY: StravaValues = { client_id: "", client_secret: "" };

/**
 * Strava through the athlete's own API application: the steps to create it,
 * its id and secret, then Tempo opens the browser on Strava's consent page and
 * waits for the redirect to 127.0.0.1 (cancellable).
 */
export function StravaForm({ onConnected, onClose }: ConnectFormProps) {
  const { t } = useTranslation();
  // Busy here is the wait for Strava's redirect, which the athlete can cancel.
  const { register, errors, busy: waiting, failure, onSubmit } = useConnectForm({
    schema: stravaSchema,
    empty: EMPTY,
    fields: ["client_id", "client_secret"] as const,
    command: (values: StravaValues) => commands.accountConnectStrava(values),
    onSuccess: onConnected,
  });

  return (
    <form noValidate onSubmit={onSubmit} aria-label={t("accounts.strava.title")} data-testid="strava-form">
      <Stack gap="md">
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t("accounts.strava.stepsTitle")}
          </Text>
          <List type="ordered" size="sm" spacing={4} data-testid="strava-steps">
            <List.Item>{t("accounts.strava.steps.open")}</List.Item>
            <List.Item>{t("accounts.strava.steps.create")}</List.Item>
            <List.Item>{t("accounts.strava.steps.domain")}</List.Item>
            <List.Item>{t("accounts.strava.steps.copy")}</List.Item>
            <List.Item>{t("accounts.strava.steps.browser")}</List.Item>
            <List.Item>{t("accounts.strava.steps.private")}</List.Item>
          </List>
        </Stack>
        <Group grow align="flex-start">
          <TextInput
            label={t("accounts.strava.clientId")}
            inputMode="numeric"
            autoComplete="off"
            disabled={waiting}
            {...register("client_id")}
            error={fieldMessage(t, errors.client_id)}
            data-testid="strava-client-id"
          />
          <PasswordInput
            label={t("accounts.strava.clientSecret")}
            autoComplete="off"
            disabled={waiting}
            {...register("client_secret")}
            error={fieldMessage(t, errors.client_secret)}
            data-testid="strava-client-secret"
          />
        </Group>
        {failure && <SyncErrorAlert provider="strava" code={failure.code} message={failure.message} testId="connect-error" />}
        {waiting ? (
          <Group justify="space-between" data-testid="strava-waiting">
            <Group gap="xs">
              <Loader size="sm" />
              <Text size="sm">{t("accounts.strava.waiting")}</Text>
            </Group>
            <Button variant="default" onClick={() => void run(() => commands.accountConnectCancel())} data-testid="strava-cancel-wait">
              {t("accounts.cancel")}
            </Button>
          </Group>
        ) : (
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="connect-close">
              {t("accounts.cancel")}
            </Button>
            <Button type="submit" data-testid="strava-connect">
              {t("accounts.strava.connect")}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
