import { Alert, Button, Center, Code, Group, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconDatabaseOff } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../lib/api";

const KNOWN = ["database_corrupt", "database_unreadable", "database_too_new"] as const;

/** Full-screen page shown when the database cannot be used. Branches on `code`, never on the message. */
export function DbErrorPage({ error, onRetry }: { error: ApiError; onRetry?: () => Promise<void> }) {
  const { t } = useTranslation();
  const [retrying, setRetrying] = useState(false);
  const key = (KNOWN as readonly string[]).includes(error.code) ? error.code : "database_other";

  return (
    <Center mih="100vh" p="xl" data-testid="db-error">
      <Paper withBorder shadow="sm" radius="lg" p="xl" maw={680} w="100%">
        <Stack gap="md">
          <Group gap="md" wrap="nowrap">
            <ThemeIcon color="red" variant="light" size={48} radius="xl">
              <IconDatabaseOff size={26} />
            </ThemeIcon>
            <Stack gap={2}>
              <Title order={2} data-testid="db-error-title">
                {t(`dbError.title.${key}`)}
              </Title>
              <Text c="dimmed" size="sm">
                {t(`dbError.intro.${key}`)}
              </Text>
            </Stack>
          </Group>
          <Alert color="red" variant="light" title={t("dbError.details")}>
            <Text size="sm" style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }} data-testid="db-error-message">
              {error.message}
            </Text>
          </Alert>
          <Text size="sm" c="dimmed">
            {t("dbError.safe")}
          </Text>
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t("dbError.code")} <Code data-testid="db-error-code">{error.code}</Code>
            </Text>
            {onRetry && (
              <Button
                variant="default"
                loading={retrying}
                onClick={async () => {
                  setRetrying(true);
                  try {
                    await onRetry();
                  } finally {
                    setRetrying(false);
                  }
                }}
              >
                {t("dbError.retry")}
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
