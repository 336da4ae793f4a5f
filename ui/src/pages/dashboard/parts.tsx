// Small pieces the dashboard cards share: a title with its icon, a choice in
// that title, a hinted figure, the backend's notes, an error told by its code,
// an empty state that says what to do, and the fitness and fatigue help texts.
import type { ComponentType, ReactNode } from "react";
import { Alert, Button, Card, Center, Code, Group, List, Loader, SegmentedControl, Stack, Text, ThemeIcon, Tooltip } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../lib/api";
import { LOAD_MODEL_DEFAULTS } from "../../lib/loadModelForm";
import { useLoadModel } from "../../lib/useProfile";

export const DASH = "—";

type Icon = ComponentType<{ size?: number; stroke?: number }>;

export function CardTitle({ icon: I, title, children }: { icon: Icon; title: string; children?: ReactNode }) {
  return (
    <Group justify="space-between" mb="sm" wrap="wrap" gap="sm">
      <Group gap="sm" wrap="nowrap">
        <ThemeIcon variant="light" radius="md" size={36}>
          <I size={20} stroke={1.6} />
        </ThemeIcon>
        <Text fw={600}>{title}</Text>
      </Group>
      {children && (
        <Group gap="xs" wrap="wrap">
          {children}
        </Group>
      )}
    </Group>
  );
}

/** One of a few options, each labelled, as a small segmented control (in a card's title). */
export function ChoiceControl<T extends string>({
  value,
  options,
  label,
  onChange,
  testId,
}: {
  value: T;
  options: readonly T[];
  label: (option: T) => string;
  onChange: (option: T) => void;
  testId: string;
}) {
  return (
    <SegmentedControl
      size="xs"
      value={value}
      onChange={(x) => onChange(x as T)}
      data={options.map((o) => ({ value: o, label: label(o) }))}
      data-testid={testId}
    />
  );
}

export type LoadHelp = { ctl: string; atl: string };

/**
 * The help texts of fitness (CTL) and fatigue (ATL), with the athlete's time
 * constants (Settings → Training load); Coggan's 42 and 7 days until they load.
 */
export function useLoadHelp(): LoadHelp {
  const { t } = useTranslation();
  const model = useLoadModel().data;
  return {
    ctl: t("dashboard.fitness.help.ctl", { count: model?.ctl_days ?? LOAD_MODEL_DEFAULTS.ctl_days }),
    atl: t("dashboard.fitness.help.atl", { count: model?.atl_days ?? LOAD_MODEL_DEFAULTS.atl_days }),
  };
}

/** A label explained on hover, over its value. */
export function Figure({
  testId,
  label,
  hint,
  value,
  color,
  sub,
}: {
  testId: string;
  label: string;
  hint: string;
  value: string;
  color?: string;
  sub?: ReactNode;
}) {
  return (
    <Card radius="md" padding="sm" bg="var(--mantine-color-default-hover)" data-testid={testId}>
      <Tooltip label={hint} withArrow multiline maw={320} openDelay={150}>
        <Text size="xs" c="dimmed" fw={600} style={{ cursor: "help", textDecoration: "underline dotted" }} span>
          {label}
        </Text>
      </Tooltip>
      <Text size="xl" fw={700} c={color} style={{ fontVariantNumeric: "tabular-nums" }} data-testid={`${testId}-value`}>
        {value}
      </Text>
      {sub && (
        <Text size="xs" c="dimmed" component="div">
          {sub}
        </Text>
      )}
    </Card>
  );
}

export function Loading({ testId, h = 120 }: { testId: string; h?: number }) {
  const { t } = useTranslation();
  return (
    <Center h={h}>
      <Loader aria-label={t("common.loading")} data-testid={testId} />
    </Center>
  );
}

/** Which message an error gets: decided on the stable `code`, never on the message. */
export function errorKind(error: Pick<ApiError, "code">): "invalid_input" | "not_found" | "busy" | "storage" | "other" {
  const code = error.code as string;
  if (code === "invalid_input" || code === "not_found" || code === "busy" || code === "storage") return code;
  if (code.startsWith("database_")) return "storage";
  return "other";
}

/** A backend failure: the text depends on the error code, the details show the message. */
export function DashboardError({ error, title, testId }: { error: ApiError; title?: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      color={errorKind(error) === "busy" ? "yellow" : "red"}
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={title ?? t("errors.generic")}
      data-testid={testId}
      data-code={error.code}
    >
      <Text size="sm">{t(`dashboard.errors.${errorKind(error)}`)}</Text>
      {error.message && (
        <Text size="xs" c="dimmed" mt={6}>
          <Code>{error.code}</Code> {error.message}
        </Text>
      )}
    </Alert>
  );
}

/** Why something is missing, in the backend's words (English). */
export function Notes({ notes, testId }: { notes: string[]; testId: string }) {
  const { t } = useTranslation();
  if (notes.length === 0) return null;
  return (
    <Stack gap={2} data-testid={testId}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {t("dashboard.notes")}
      </Text>
      <List size="xs" c="dimmed" spacing={2}>
        {notes.map((n) => (
          <List.Item key={n}>
            <span lang="en">{n}</span>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/** An empty state: what is missing and the ways to fix it (import, set thresholds). */
export function EmptyState({
  testId,
  text,
  importLink = true,
  profileLink = true,
}: {
  testId: string;
  text: string;
  importLink?: boolean;
  profileLink?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid={testId}>
      <Text size="sm" c="dimmed">
        {text}
      </Text>
      {(importLink || profileLink) && (
        <Group gap="sm">
          {importLink && (
            <Button component={Link} to="/activities" variant="light" size="xs" data-testid={`${testId}-activities`}>
              {t("dashboard.fitness.importActivities")}
            </Button>
          )}
          {profileLink && (
            <Button component={Link} to="/settings/profile" variant="default" size="xs" data-testid={`${testId}-profile`}>
              {t("dashboard.fitness.setThresholds")}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
