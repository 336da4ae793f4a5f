import { useState } from "react";
import { Alert, Badge, Button, CloseButton, Collapse, Group, List, Paper, Progress, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconAlertTriangle, IconChevronDown, IconChevronUp, IconCircleCheck, IconInfoCircle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { FileIssue, ImportProgress, ImportSummary } from "../../lib/api";
import { isBusy, useImport } from "../../lib/activities/useImport";
import { formatBytes } from "../../lib/format";

/** The running import, or the last one's summary. Nothing when idle. */
export function ImportPanel() {
  const { state, cancel, dismiss } = useImport();
  const { t } = useTranslation();
  switch (state.kind) {
    case "idle":
      return null;
    case "running":
      return <Running progress={state.progress} cancelling={state.cancelling} onCancel={cancel} />;
    case "done":
      return <Summary summary={state.summary} onClose={dismiss} />;
    case "error": {
      const busy = isBusy(state.error);
      return (
        <Alert
          color={busy ? "yellow" : "red"}
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title={busy ? t("activities.import.busyTitle") : t("activities.import.failedTitle")}
          withCloseButton
          closeButtonLabel={t("activities.import.close")}
          onClose={dismiss}
          data-testid="import-error"
          data-code={state.error.code}
        >
          <Text size="sm">{busy ? t("activities.import.busy") : state.error.message}</Text>
          {busy && (
            <Button size="xs" variant="light" color="yellow" mt="sm" onClick={() => void cancel()} data-testid="import-cancel-other">
              {t("activities.import.cancelOther")}
            </Button>
          )}
        </Alert>
      );
    }
  }
}

/** A path as [folder, file name], for either kind of separator. */
export function splitPath(path: string): [string, string] {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i < 0 ? ["", path] : [path.slice(0, i), path.slice(i + 1)];
}

function Counts({ p }: { p: Pick<ImportProgress, "imported" | "merged" | "duplicates" | "failed"> }) {
  const { t } = useTranslation();
  const items = [
    ["imported", p.imported, "teal"],
    ["merged", p.merged, "blue"],
    ["duplicates", p.duplicates, "gray"],
    ["failed", p.failed, p.failed > 0 ? "red" : "gray"],
  ] as const;
  return (
    <Group gap="xs" data-testid="import-counts">
      {items.map(([key, n, color]) => (
        <Badge key={key} variant="light" color={color} radius="sm" tt="none" data-testid={`import-count-${key}`}>
          {t(`activities.import.counts.${key}`, { n })}
        </Badge>
      ))}
    </Group>
  );
}

function Running({ progress, cancelling, onCancel }: { progress: ImportProgress | null; cancelling: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  const done = progress?.done ?? 0;
  const total = progress?.total ?? 0;
  const pct = total > 0 ? (100 * done) / total : 0;
  return (
    <Paper withBorder radius="md" p="md" data-testid="import-progress">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600}>{progress ? t("activities.import.progress", { done, total }) : t("activities.import.listing")}</Text>
          <Button size="xs" variant="default" onClick={onCancel} loading={cancelling} data-testid="import-cancel">
            {t("activities.import.cancel")}
          </Button>
        </Group>
        <Progress
          value={pct}
          animated={!progress}
          size="lg"
          radius="xl"
          aria-label={t("activities.import.progressLabel")}
          aria-valuenow={done}
          aria-valuemax={total}
          data-testid="import-progress-bar"
          data-done={done}
          data-total={total}
        />
        {progress?.current && (
          <Text size="xs" c="dimmed" truncate data-testid="import-current" title={progress.current}>
            <Text span size="xs" fw={600} c="var(--mantine-color-text)">
              {splitPath(progress.current)[1]}
            </Text>
            {splitPath(progress.current)[0] && ` — ${splitPath(progress.current)[0]}`}
          </Text>
        )}
        {progress && <Counts p={progress} />}
      </Stack>
    </Paper>
  );
}

function IssueList({ title, issues, color, testId }: { title: string; issues: FileIssue[]; color: string; testId: string }) {
  const [open, setOpen] = useState(false);
  if (issues.length === 0) return null;
  const Chevron = open ? IconChevronUp : IconChevronDown;
  return (
    <Stack gap={4} data-testid={testId}>
      <UnstyledButton onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid={`${testId}-toggle`}>
        <Group gap={6}>
          <Chevron size={16} />
          <Text size="sm" fw={600} c={color}>
            {title}
          </Text>
        </Group>
      </UnstyledButton>
      <Collapse expanded={open}>
        <List size="sm" spacing={4} pl="md" data-testid={`${testId}-list`}>
          {issues.map((f, i) => (
            <List.Item key={`${f.file}-${i}`} data-testid={`${testId}-item`}>
              <Text span size="sm" fw={500} style={{ wordBreak: "break-all" }}>
                {f.file}
              </Text>
              <Text span size="sm" c="dimmed">
                {" — "}
                {f.reason}
              </Text>
            </List.Item>
          ))}
        </List>
      </Collapse>
    </Stack>
  );
}

function Summary({ summary: s, onClose }: { summary: ImportSummary; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const failed = s.failed.length;
  const color = failed > 0 ? "orange" : "teal";
  const Icon = failed > 0 ? IconAlertTriangle : s.cancelled ? IconInfoCircle : IconCircleCheck;
  return (
    <Paper withBorder radius="md" p="md" data-testid="import-summary" style={{ borderColor: `var(--mantine-color-${color}-5)` }}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="xs" wrap="nowrap">
            <Icon size={20} color={`var(--mantine-color-${color}-6)`} />
            <Text fw={600}>
              {s.cancelled ? t("activities.import.cancelled") : t("activities.import.finished")}
            </Text>
          </Group>
          <CloseButton aria-label={t("activities.import.close")} onClick={onClose} data-testid="import-summary-close" />
        </Group>
        <Counts p={{ imported: s.imported, merged: s.merged, duplicates: s.duplicates, failed }} />
        <Text size="xs" c="dimmed">
          {t("activities.import.stats", {
            files: s.files,
            size: formatBytes(s.bytes ?? 0, i18n.language),
            seconds: (s.seconds ?? 0).toFixed(1),
          })}
        </Text>
        <IssueList title={t("activities.import.failedFiles", { n: failed })} issues={s.failed} color="red" testId="import-failed" />
        <IssueList
          title={t("activities.import.warnings", { n: s.warnings.length })}
          issues={s.warnings}
          color="orange"
          testId="import-warnings"
        />
      </Stack>
    </Paper>
  );
}
