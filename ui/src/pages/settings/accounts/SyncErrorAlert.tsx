import { Alert, Button, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconPlugConnected } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { errorAdvice, formatClock, syncProviderName } from "../../../lib/sync";

type Props = {
  provider: string;
  code: string;
  message: string;
  /** When the provider's rate limit lets requests through again. */
  until?: string | null;
  /** Offered for `unauthorized`: the token was revoked or expired. */
  onReconnect?: () => void;
  testId?: string;
};

/**
 * An error from a provider or a sync, with what to do about it: the backend's
 * message says what happened, the advice (by code) says what the athlete can do.
 */
export function SyncErrorAlert({ provider, code, message, until, onReconnect, testId = "account-error" }: Props) {
  const { t, i18n } = useTranslation();
  const advice = errorAdvice(code);
  const mild = advice === "rate_limited" || advice === "cancelled" || advice === "busy";
  const name = syncProviderName(t, provider);
  return (
    <Alert color={mild ? "yellow" : "red"} variant="light" icon={<IconAlertTriangle size={18} />} data-testid={testId} data-code={code}>
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          {message}
        </Text>
        {advice !== "other" && (
          <Text size="sm" data-testid={`${testId}-advice`}>
            {advice === "rate_limited" && until
              ? t("accounts.advice.rateLimitedUntil", { provider: name, time: formatClock(until, i18n.language) })
              : t(`accounts.advice.${advice}`, { provider: name })}
          </Text>
        )}
        {advice === "unauthorized" && onReconnect && (
          <div>
            <Button size="xs" leftSection={<IconPlugConnected size={14} />} onClick={onReconnect} data-testid={`${testId}-reconnect`}>
              {t("accounts.reconnect")}
            </Button>
          </div>
        )}
      </Stack>
    </Alert>
  );
}
