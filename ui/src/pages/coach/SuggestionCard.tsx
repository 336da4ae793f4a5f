import { Alert, Badge, Button, Card, Group, Stack, Text } from "@mantine/core";
import { IconCalendarEvent } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import type { Suggestion } from "../../lib/coach";
import { formatDate, run } from "../../lib/ownData";

/**
 * A change the coach proposes to the plan. Nothing happens until the athlete
 * clicks Apply (or Dismiss); the backend then answers with the decided suggestion.
 */
export function SuggestionCard({
  messageId,
  suggestion: s,
  onDecided,
}: {
  messageId: number;
  suggestion: Suggestion;
  onDecided: (s: Suggestion) => void;
}) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState<"apply" | "dismiss" | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const locale = i18n.language;

  const decide = async (apply: boolean) => {
    setBusy(apply ? "apply" : "dismiss");
    setFailure(null);
    const res = await run(() => commands.coachDecideSuggestion(messageId, s.id, apply));
    setBusy(null);
    if (res.status === "ok") onDecided(res.data);
    else setFailure(res.error.message);
  };

  const what =
    s.kind === "move_workout" && s.to
      ? t("coach.suggestion.move", { title: s.title, from: formatDate(s.from, locale), to: formatDate(s.to, locale) })
      : t("coach.suggestion.skip", { title: s.title, from: formatDate(s.from, locale) });

  return (
    <Card withBorder radius="md" padding="sm" data-testid="coach-suggestion" data-suggestion-id={s.id} data-status={s.status}>
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <IconCalendarEvent size={18} stroke={1.6} style={{ flexShrink: 0, marginTop: 2 }} />
          <Text size="sm" fw={600}>
            {what}
          </Text>
        </Group>
        <Text size="sm" c="dimmed">
          {s.reason}
        </Text>
        {failure && (
          <Alert color="red" variant="light" data-testid="coach-suggestion-error">
            {failure}
          </Alert>
        )}
        {s.status === "pending" ? (
          <Group gap="xs">
            <Button size="xs" onClick={() => void decide(true)} loading={busy === "apply"} disabled={busy !== null} data-testid="coach-suggestion-apply">
              {t("coach.suggestion.apply")}
            </Button>
            <Button
              size="xs"
              variant="default"
              onClick={() => void decide(false)}
              loading={busy === "dismiss"}
              disabled={busy !== null}
              data-testid="coach-suggestion-dismiss"
            >
              {t("coach.suggestion.dismiss")}
            </Button>
          </Group>
        ) : (
          <Badge variant="light" color={s.status === "applied" ? "teal" : "gray"} data-testid="coach-suggestion-status">
            {t(`coach.suggestion.${s.status}`)}
          </Badge>
        )}
      </Stack>
    </Card>
  );
}
