import { Button, Group, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import { run } from "../../lib/ownData";

/** First questions drawn from the athlete's data, in the UI language; a click asks one. */
export function SuggestedQuestions({ onAsk, disabled }: { onAsk: (q: string) => void; disabled: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith("fr") ? "fr" : "en";
  const [questions, setQuestions] = useState<string[]>([]);

  useEffect(() => {
    let alive = true;
    void run(() => commands.coachSuggestedQuestions(lang)).then((res) => {
      if (alive && res.status === "ok") setQuestions(res.data);
    });
    return () => {
      alive = false;
    };
  }, [lang]);

  return (
    <Stack gap="xs" py="lg" data-testid="coach-empty">
      <Text fw={600}>{t("coach.empty.title")}</Text>
      <Text size="sm" c="dimmed">
        {t("coach.empty.body")}
      </Text>
      {questions.length > 0 && (
        <Group gap="xs" data-testid="coach-suggested-questions">
          {questions.map((q) => (
            <Button key={q} size="xs" radius="xl" variant="light" onClick={() => onAsk(q)} disabled={disabled} data-testid="coach-suggested-question">
              {q}
            </Button>
          ))}
        </Group>
      )}
    </Stack>
  );
}
