import { useMemo } from "react";
import { Card, Group, Text, ThemeIcon, Tooltip } from "@mantine/core";
import { IconInfoCircle, IconMoodSmile } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { FeedbackForm } from "../../../components/FeedbackForm";
import { acts } from "../../../lib/activities/api";
import type { Feedback } from "../../../lib/feedback";

/**
 * "How it felt": the athlete's RPE (CR10) and notes for one activity. With no
 * heart rate or power, RPE × minutes is the session's training load.
 */
export function FeedbackCard({ id, rpe, notes, onSaved }: { id: number; rpe: number | null; notes: string | null; onSaved: (f: Feedback) => void }) {
  const { t } = useTranslation();
  const initial = useMemo(() => ({ rpe, notes }), [rpe, notes]);
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="activity-feedback">
      <Group gap="sm" mb="sm" wrap="nowrap">
        <ThemeIcon variant="light" radius="md" size={36}>
          <IconMoodSmile size={20} stroke={1.6} />
        </ThemeIcon>
        <Text fw={600}>{t("feedback.title")}</Text>
        <Tooltip label={t("feedback.loadHint")} withArrow multiline maw={340}>
          <span data-testid="feedback-load-hint" aria-label={t("feedback.loadHint")} style={{ display: "inline-flex", cursor: "help" }}>
            <IconInfoCircle size={18} stroke={1.6} color="var(--mantine-color-dimmed)" />
          </span>
        </Tooltip>
      </Group>
      <FeedbackForm
        initial={initial}
        save={(f) => acts.setActivityFeedback(id, f)}
        onSaved={onSaved}
        testIds={{ picker: "rpe-picker", notes: "activity-notes", save: "rpe-save" }}
      />
    </Card>
  );
}
