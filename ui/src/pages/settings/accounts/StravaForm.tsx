import { Button, Group, List, Loader, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import type { ApiError } from "../../../lib/api";
import { run } from "../../../lib/ownData";
import type { Account } from "../../../lib/sync";
import { stravaSchema, type StravaValues } from "../../../lib/syncForm";
import { SyncErrorAlert } from "./SyncErrorAlert";
import { connectFailure, fieldMessage } from "./connectError";

export type ConnectFormProps = { onConnected: (a: Account) => void; onClose: () => void };

const EMPTY: StravaValues = { client_id: "", client_secret: "" };

/**
 * Strava through the athlete's own API application: the steps to create it,
 * its id and secret, then Tempo opens the browser on Strava's consent page and
 * waits for the redirect to 127.0.0.1 (cancellable).
 */
export function StravaForm({ onConnected, onClose }: ConnectFormProps) {
  const { t } = useTranslation();
  const [waiting, setWaiting] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const resolver = useMemo(() => zodResolver(stravaSchema()), []);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<StravaValues>({ resolver, defaultValues: EMPTY });

  const onSubmit = async (values: StravaValues) => {
    setFailure(null);
    setWaiting(true);
    const res = await run(() => commands.accountConnectStrava(values));
    setWaiting(false);
    if (res.status === "ok") {
      reset(EMPTY); // the secret goes to the keychain, never back on screen
      onConnected(res.data);
      return;
    }
    setFailure(connectFailure(res.error, ["client_id", "client_secret"] as const, (f, message) => setError(f, { type: "server", message })));
  };

  return (
    <form noValidate onSubmit={handleSubmit(onSubmit)} aria-label={t("accounts.strava.title")} data-testid="strava-form">
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
