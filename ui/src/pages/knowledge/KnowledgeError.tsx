import { Alert, Code, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { kbErrorKind, type KbError } from "../../lib/knowledge";

/** A knowledge-base failure: the text depends on the error code, the details show the message. */
export function KnowledgeError({ error, title }: { error: KbError; title: string }) {
  const { t } = useTranslation();
  const kind = kbErrorKind(error);
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={title}
      data-testid="kb-error"
      data-code={error.code}
    >
      <Text size="sm">{t(`knowledge.errors.${kind}`)}</Text>
      {kind === "other" && error.message && (
        <Text size="xs" c="dimmed" mt={6}>
          <Code>{error.code}</Code> {error.message}
        </Text>
      )}
    </Alert>
  );
}
