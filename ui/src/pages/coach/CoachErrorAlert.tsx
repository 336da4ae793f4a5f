import { Alert, Anchor, CloseButton, Group, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../lib/api";
import { hintedError } from "../../lib/coach";

/** Why the question got no answer, with what to do, chosen on the stable `code`. */
export function CoachErrorAlert({ error, onClose }: { error: ApiError; onClose: () => void }) {
  const { t } = useTranslation();
  const hint = hintedError(error.code as string);
  const toSettings = hint === "unreachable" || hint === "unauthorized" || hint === "rate_limited" || hint === "not_found";
  return (
    <Alert color="red" variant="light" data-testid="coach-error" data-code={error.code}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {hint ? t(`coach.errors.${hint}`) : t("coach.errors.other")}
          </Text>
          <Text size="sm">{error.message}</Text>
          {toSettings && (
            <Anchor component={Link} to="/settings/coach" size="sm" data-testid="coach-error-settings">
              {t("coach.errors.openSettings")}
            </Anchor>
          )}
        </Stack>
        <CloseButton size="sm" onClick={onClose} aria-label={t("coach.errors.dismiss")} />
      </Group>
    </Alert>
  );
}
