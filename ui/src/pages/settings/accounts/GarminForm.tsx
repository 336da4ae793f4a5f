import { Alert, Button, Checkbox, Group, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import { garminSchema, mfaSchema, type GarminValues, type MfaValues } from "../../../lib/syncForm";
import type { ConnectFormProps } from "./StravaForm";
import { SyncErrorAlert } from "./SyncErrorAlert";
import { fieldMessage } from "./connectError";
import { useConnectForm } from "./useConnectForm";

const EMPTY: GarminValues = { username: "", password: "", one_time: false };
const EMPTY_CODE: MfaValues = { code: "" };

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
  const { register, errors, busy, failure, onSubmit } = useConnectForm({
    schema: garminSchema,
    empty: EMPTY,
    fields: ["username", "password"] as const,
    command: (values: GarminValues) => commands.accountConnectGarmin(values),
    // Either way the password is gone from the page; a code may still be due.
    onSuccess: (data) => {
      if (data.status === "mfa_required" || !data.account) onMfa();
      else onConnected(data.account);
    },
  });

  return (
    <form noValidate onSubmit={onSubmit} aria-label={t("accounts.garmin.title")} data-testid="garmin-form">
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
  const { register, errors, busy, failure, onSubmit } = useConnectForm({
    schema: mfaSchema,
    empty: EMPTY_CODE,
    fields: ["code"] as const,
    command: ({ code }: MfaValues) => commands.accountGarminMfa(code),
    onSuccess: onConnected,
  });

  return (
    <form noValidate onSubmit={onSubmit} aria-label={t("accounts.garmin.mfaTitle")} data-testid="garmin-mfa-form">
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
