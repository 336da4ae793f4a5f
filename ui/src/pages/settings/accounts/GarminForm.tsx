import { Alert, Button, Checkbox, Group, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { zodResolver } from "@hookform/resolvers/zod";
import { IconInfoCircle } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import type { ApiError } from "../../../lib/api";
import { run } from "../../../lib/ownData";
import { garminSchema, mfaSchema, type GarminValues, type MfaValues } from "../../../lib/syncForm";
import type { ConnectFormProps } from "./StravaForm";
import { SyncErrorAlert } from "./SyncErrorAlert";
import { connectFailure, fieldMessage } from "./connectError";

const EMPTY: GarminValues = { username: "", password: "", one_time: false };

/**
 * Garmin Connect: email and password, used once to sign in (the backend keeps
 * only the tokens, or nothing for a one-time sync), then a code when the
 * account has two-step verification.
 */
export function GarminForm({ onConnected, onClose }: ConnectFormProps) {
  const [mfa, setMfa] = useState(false);
  return mfa ? (
    <GarminMfa onConnected={onConnected} onClose={onClose} />
  ) : (
    <GarminSignIn onConnected={onConnected} onClose={onClose} onMfa={() => setMfa(true)} />
  );
}

function GarminSignIn({ onConnected, onClose, onMfa }: ConnectFormProps & { onMfa: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const resolver = useMemo(() => zodResolver(garminSchema()), []);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<GarminValues>({ resolver, defaultValues: EMPTY });

  const onSubmit = async (values: GarminValues) => {
    setFailure(null);
    setBusy(true);
    const res = await run(() => commands.accountConnectGarmin(values));
    setBusy(false);
    if (res.status === "ok") {
      reset(EMPTY); // the password is gone from the page either way
      if (res.data.status === "mfa_required" || !res.data.account) onMfa();
      else onConnected(res.data.account);
      return;
    }
    setFailure(connectFailure(res.error, ["username", "password"] as const, (f, message) => setError(f, { type: "server", message })));
  };

  return (
    <form noValidate onSubmit={handleSubmit(onSubmit)} aria-label={t("accounts.garmin.title")} data-testid="garmin-form">
      <Stack gap="md">
        <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} data-testid="garmin-note">
          {t("accounts.garmin.note")}
        </Alert>
        <Group grow align="flex-start">
          <TextInput
            label={t("accounts.garmin.username")}
            type="email"
            autoComplete="username"
            {...register("username")}
            error={fieldMessage(t, errors.username)}
            data-testid="garmin-username"
          />
          <PasswordInput
            label={t("accounts.garmin.password")}
            autoComplete="current-password"
            {...register("password")}
            error={fieldMessage(t, errors.password)}
            data-testid="garmin-password"
          />
        </Group>
        <Checkbox
          label={t("accounts.garmin.oneTime")}
          description={t("accounts.garmin.oneTimeHint")}
          {...register("one_time")}
          data-testid="garmin-one-time"
        />
        {failure && <SyncErrorAlert provider="garmin_connect" code={failure.code} message={failure.message} testId="connect-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy} data-testid="connect-close">
            {t("accounts.cancel")}
          </Button>
          <Button type="submit" loading={busy} data-testid="garmin-connect">
            {t("accounts.garmin.signIn")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function GarminMfa({ onConnected, onClose }: ConnectFormProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const resolver = useMemo(() => zodResolver(mfaSchema()), []);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<MfaValues>({ resolver, defaultValues: { code: "" } });

  const onSubmit = async ({ code }: MfaValues) => {
    setFailure(null);
    setBusy(true);
    const res = await run(() => commands.accountGarminMfa(code));
    setBusy(false);
    if (res.status === "ok") onConnected(res.data);
    else setFailure(connectFailure(res.error, ["code"] as const, (f, message) => setError(f, { type: "server", message })));
  };

  return (
    <form noValidate onSubmit={handleSubmit(onSubmit)} aria-label={t("accounts.garmin.mfaTitle")} data-testid="garmin-mfa-form">
      <Stack gap="md">
        <Text size="sm">{t("accounts.garmin.mfaIntro")}</Text>
        <TextInput
          label={t("accounts.garmin.code")}
          inputMode="numeric"
          autoComplete="one-time-code"
          maw={220}
          {...register("code")}
          error={fieldMessage(t, errors.code)}
          data-testid="garmin-mfa-code"
        />
        {failure && <SyncErrorAlert provider="garmin_connect" code={failure.code} message={failure.message} testId="connect-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy} data-testid="connect-close">
            {t("accounts.cancel")}
          </Button>
          <Button type="submit" loading={busy} data-testid="garmin-mfa-submit">
            {t("accounts.garmin.verify")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
