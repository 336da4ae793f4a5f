import { Alert, Grid, Group, SegmentedControl, Stack, Title } from "@mantine/core";
import { useState } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { parseAbout, type ConversationSummary } from "../../lib/coach";
import { useCoachConfig } from "../../lib/useCoachConfig";
import { ChatPanel } from "./ChatPanel";
import { ConversationList } from "./ConversationList";
import { UsageView } from "./UsageView";
import { useCoachChat } from "./useCoachChat";

/** /coach, /coach/:conversationId (and ?view=usage): the conversations, the chat, the usage. */
export function CoachPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { conversationId } = useParams();
  const [params] = useSearchParams();
  const view = params.get("view") === "usage" ? "usage" : "chat";
  const routeId = conversationId && /^\d+$/.test(conversationId) ? Number(conversationId) : null;
  const about = parseAbout(params.get("about"));
  const { config, error: configError } = useCoachConfig();
  const [version, setVersion] = useState(0);
  const [list, setList] = useState<ConversationSummary[]>([]);

  const chat = useCoachChat({
    routeId,
    defaultProvider: config?.active ?? null,
    onCreated: (id) => navigate(`/coach/${id}`, { replace: true }),
    onAnswered: () => setVersion((v) => v + 1),
  });

  return (
    <Stack gap="md" maw={1300} data-testid="coach-page">
      <Group justify="space-between">
        <Title order={2}>{t("nav.coach")}</Title>
        <SegmentedControl
          value={view}
          onChange={(v) => navigate(v === "usage" ? "/coach?view=usage" : routeId ? `/coach/${routeId}` : "/coach")}
          data={[
            { value: "chat", label: t("coach.views.chat") },
            { value: "usage", label: t("coach.views.usage") },
          ]}
          data-testid="coach-view"
        />
      </Group>
      {configError && (
        <Alert color="red" variant="light" title={t("coach.configError")} data-testid="coach-config-error">
          {configError.message}
        </Alert>
      )}
      {view === "usage" ? (
        <UsageView />
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
            <ConversationList
              activeId={chat.conversationId}
              version={version}
              onOpen={(id) => navigate(`/coach/${id}`)}
              onNew={() => {
                if (chat.streaming) return;
                chat.reset();
                navigate("/coach");
              }}
              onList={setList}
              onDeleted={(id) => {
                if (id === chat.conversationId) navigate("/coach");
              }}
              onRenamed={(c) => {
                if (c.id === chat.conversationId) chat.setTitle(c.title);
              }}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
            <ChatPanel
              chat={chat}
              title={chat.title ?? list.find((c) => c.id === chat.conversationId)?.title ?? null}
              config={config} about={routeId === null ? about : null} />
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
