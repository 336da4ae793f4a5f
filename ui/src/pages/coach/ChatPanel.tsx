import { Alert, Badge, Card, Group, Loader, ScrollArea, Stack, Text, Title } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ConsentDialog } from "../../components/ConsentDialog";
import type { AskAbout, CoachConfig } from "../../lib/coach";
import { AskBox } from "./AskBox";
import { CoachErrorAlert } from "./CoachErrorAlert";
import { AnswerView, QuestionView, StreamingView } from "./MessageView";
import { ModelPicker, NO_OVERRIDES, type Overrides } from "./ModelPicker";
import { SuggestedQuestions } from "./SuggestedQuestions";
import type { CoachChat } from "./useCoachChat";

/** What the first question is about, as a small badge. */
function AboutBadge({ about }: { about: AskAbout }) {
  const { t } = useTranslation();
  const label = "id" in about ? t(`coach.about.${about.kind}`, { id: about.id }) : t(`coach.about.${about.kind}`);
  return (
    <Badge variant="outline" tt="none" data-testid="coach-about">
      {t("coach.about.label", { what: label })}
    </Badge>
  );
}

/** The open conversation: header with the model picker and its settings, messages, the streaming answer, the question box. */
export function ChatPanel({
  chat,
  title,
  config,
  about,
}: {
  chat: CoachChat;
  title: string | null;
  config: CoachConfig | null;
  about: AskAbout | null;
}) {
  const { t } = useTranslation();
  const [overrides, setOverrides] = useState<Overrides>(NO_OVERRIDES);
  const [draft, setDraft] = useState("");
  const bottom = useRef<HTMLDivElement>(null);
  const streaming = chat.streaming;
  const busy = streaming !== null;
  const empty = chat.messages.length === 0 && !busy;
  const lastAnswer = [...chat.messages].reverse().find((m) => m.role === "assistant");

  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [chat.messages.length, streaming?.text]);

  const send = async (question: string) => {
    setDraft("");
    const outcome = await chat.ask({
      question,
      conversation_id: chat.conversationId,
      about: chat.messages.length === 0 ? about : null,
      provider: overrides.provider,
      model: overrides.model,
    });
    // Not sent: the question goes back in the box (the consent dialog resends it itself).
    if (outcome === "failed") setDraft((d) => d || question);
  };

  return (
    <Card withBorder radius="lg" padding="md" data-testid="coach-chat" data-conversation-id={chat.conversationId ?? ""}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Title order={4} data-testid="coach-title" style={{ overflowWrap: "anywhere" }}>
              {title ?? t("coach.newConversation")}
            </Title>
            {about && chat.messages.length === 0 && <AboutBadge about={about} />}
          </Stack>
          {config && (
            <ModelPicker
              config={config}
              value={overrides}
              onChange={setOverrides}
              conversationId={chat.conversationId}
              settings={chat.settings}
              onSettingsChange={chat.changeSettings}
              // Until the first answer names the new conversation, a change could
              // be neither sent with the question (gone) nor saved on it (no id yet).
              settingsDisabled={busy && chat.conversationId === null}
            />
          )}
        </Group>

        <ScrollArea.Autosize mah="calc(100vh - 330px)" offsetScrollbars>
          <Stack gap="lg" pr="xs">
            {chat.load.kind === "loading" && <Loader size="sm" aria-label={t("common.loading")} />}
            {chat.load.kind === "error" && (
              <Alert color="red" variant="light" title={t("coach.loadError")} data-testid="coach-load-error">
                {chat.load.error.message}
              </Alert>
            )}
            {empty && chat.load.kind === "idle" && <SuggestedQuestions onAsk={(q) => void send(q)} disabled={busy} />}
            {chat.messages
              .filter((m) => m.id !== streaming?.replacing)
              .map((m) =>
                m.role === "user" ? (
                  <QuestionView key={m.id} message={m} />
                ) : (
                  <AnswerView
                    key={m.id}
                    message={m}
                    canRegenerate={!busy && m.id === lastAnswer?.id}
                    onRegenerate={() => void chat.regenerate(m.id)}
                    onDecided={(s) => chat.decided(m.id, s)}
                  />
                ),
              )}
            {streaming && <StreamingView streaming={streaming} onStop={() => void chat.stop()} />}
            <div ref={bottom} />
          </Stack>
        </ScrollArea.Autosize>

        {chat.error && <CoachErrorAlert error={chat.error} onClose={chat.dismissError} />}
        {config?.active === "none" && !overrides.provider && (
          <Text size="xs" c="dimmed" data-testid="coach-grounded-mode">
            {t("coach.groundedMode")}
          </Text>
        )}
        <AskBox value={draft} onChange={setDraft} onSend={(q) => void send(q)} disabled={busy} />
      </Stack>
      <ConsentDialog
        provider={chat.consent?.provider ?? ""}
        opened={chat.consent !== null}
        onClose={chat.consentDeclined}
        onGranted={chat.consentGranted}
      />
    </Card>
  );
}
