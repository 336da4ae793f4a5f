import { Badge, Button, Group, Loader, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { IconPlayerStop, IconQuote, IconRefresh, IconTool } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { CitationChip } from "../../components/CitationChip";
import { answerMeta, coachProviderName, type ChatMessage, type Suggestion } from "../../lib/coach";
import { AnswerMarkdown } from "./AnswerMarkdown";
import { SuggestionCard } from "./SuggestionCard";
import type { Streaming } from "./useCoachChat";

/** The athlete's question. */
export function QuestionView({ message }: { message: ChatMessage }) {
  return (
    <Group justify="flex-end">
      <Paper radius="lg" px="md" py="xs" bg="var(--mantine-primary-color-light)" maw="80%" data-testid="coach-question">
        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {message.content}
        </Text>
      </Paper>
    </Group>
  );
}

/** "Written without a model": grounded answers only quote numbers and passages. */
function GroundedLabel() {
  const { t } = useTranslation();
  return (
    <Tooltip label={t("coach.answer.groundedHint")} multiline maw={320} withArrow>
      <Badge variant="light" color="gray" leftSection={<IconQuote size={12} />} tt="none" data-testid="coach-grounded">
        {t("coach.answer.grounded")}
      </Badge>
    </Tooltip>
  );
}

/** One of the coach's answers: the text, what it cites, its suggestions, and what it cost. */
export function AnswerView({
  message: m,
  canRegenerate,
  onRegenerate,
  onDecided,
}: {
  message: ChatMessage;
  canRegenerate: boolean;
  onRegenerate: () => void;
  onDecided: (s: Suggestion) => void;
}) {
  const { t, i18n } = useTranslation();
  const meta = answerMeta(m, t, i18n.language);
  return (
    <Stack gap={6} data-testid="coach-answer" data-message-id={m.id}>
      {m.grounded && <GroundedLabel />}
      <AnswerMarkdown text={m.content} citations={m.citations} />
      {m.stopped && (
        <Text size="xs" c="dimmed" fs="italic" data-testid="coach-stopped">
          {t("coach.answer.stopped")}
        </Text>
      )}
      {m.citations.length > 0 && (
        <Group gap={6} data-testid="coach-citations">
          {m.citations.map((c, i) => (
            <CitationChip key={`${c.kind}:${c.id}:${c.detail ?? ""}`} citation={c} n={i + 1} />
          ))}
        </Group>
      )}
      {m.suggestions.map((s) => (
        <SuggestionCard key={s.id} messageId={m.id} suggestion={s} onDecided={onDecided} />
      ))}
      <Group gap="xs" justify="space-between">
        <Text size="xs" c="dimmed" data-testid="coach-answer-meta">
          {meta}
        </Text>
        {canRegenerate && (
          <Button size="compact-xs" variant="subtle" leftSection={<IconRefresh size={12} />} onClick={onRegenerate} data-testid="coach-regenerate">
            {t("coach.answer.regenerate")}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** The answer being written, token by token, with the tool step in progress and Stop. */
export function StreamingView({ streaming: s, onStop }: { streaming: Streaming; onStop: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap={6} data-testid="coach-streaming">
      {s.grounded && <GroundedLabel />}
      {s.text ? <AnswerMarkdown text={s.text} /> : null}
      <Group gap="xs" justify="space-between">
        <Group gap={6} wrap="nowrap">
          <Loader size="xs" type="dots" />
          <Text size="xs" c="dimmed" data-testid="coach-thinking">
            {s.tool ? (
              <>
                <IconTool size={12} style={{ verticalAlign: "middle" }} /> {t("coach.answer.usingTool", { name: s.tool.name, detail: s.tool.detail })}
              </>
            ) : s.text ? (
              t("coach.answer.writing", { provider: s.provider ? coachProviderName(t, s.provider) : "", model: s.model ?? "" })
            ) : (
              t("coach.answer.thinking")
            )}
          </Text>
        </Group>
        <Button size="compact-sm" color="red" variant="light" leftSection={<IconPlayerStop size={14} />} onClick={onStop} data-testid="coach-stop">
          {t("coach.answer.stop")}
        </Button>
      </Group>
    </Stack>
  );
}
