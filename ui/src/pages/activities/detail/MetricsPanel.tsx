import { Alert, Anchor, Badge, Card, Center, Group, List, Loader, Progress, SimpleGrid, Stack, Table, Text, ThemeIcon, Tooltip } from "@mantine/core";
import { IconAlertTriangle, IconBolt, IconFlame, IconHeartbeat, IconInfoCircle } from "@tabler/icons-react";
import type { ComponentType, ReactNode } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import type { Units } from "../../../bindings";
import type { ActivityMetrics, ApiError, DistanceBest, HeartMetrics, PowerBest, PowerMetrics, ThresholdsUsed, ZoneTime } from "../../../lib/api";
import { fmtNum, formatDuration, formatSpeed } from "../../../lib/activities/format";

export type MetricsState = { kind: "loading" } | { kind: "ok"; data: ActivityMetrics } | { kind: "error"; error: ApiError };

const PROFILE_ROUTE = "/settings/profile";
const DASH = "—";
const ZONE_COLORS = ["gray", "blue", "teal", "yellow", "orange", "red", "grape", "pink"];

/** Training metrics of an activity: load, power, heart rate, zones, bests and the thresholds used. */
export function MetricsPanel({ state, units }: { state: MetricsState; units: Units }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="lg" padding="md" data-testid="activity-metrics" data-state={state.kind}>
      <Text fw={600} mb="xs">
        {t("activities.metrics.title")}
      </Text>
      {state.kind === "loading" && (
        <Center py="md">
          <Loader size="sm" aria-label={t("common.loading")} data-testid="activity-metrics-loading" />
        </Center>
      )}
      {state.kind === "error" && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t("activities.metrics.error")} data-testid="metrics-error">
          {state.error.message}
        </Alert>
      )}
      {state.kind === "ok" && <MetricsBody m={state.data} units={units} />}
    </Card>
  );
}

function MetricsBody({ m, units }: { m: ActivityMetrics; units: Units }) {
  const { t } = useTranslation();
  const power = m.power ?? null;
  const heart = m.heart ?? null;
  const th = m.thresholds;
  const nothing = !power && !heart && !m.load && m.power_bests.length === 0 && m.distance_bests.length === 0;
  return (
    <Stack gap="md">
      {th.on && (
        <Text size="xs" c="dimmed" mt={-6}>
          {t("activities.metrics.thresholdsOn", { date: th.on })}
        </Text>
      )}
      {nothing ? (
        <Text size="sm" c="dimmed" data-testid="metrics-none">
          {t("activities.metrics.none")}
        </Text>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: power && heart ? 3 : 2 }} spacing="sm">
            <LoadCard m={m} />
            {power && <PowerBlock p={power} />}
            {heart && <HeartBlock h={heart} />}
          </SimpleGrid>
          {heart && heart.zones.length > 0 && <Zones h={heart} />}
          {(m.power_bests.length > 0 || m.distance_bests.length > 0) && (
            <SimpleGrid cols={{ base: 1, md: m.power_bests.length > 0 && m.distance_bests.length > 0 ? 2 : 1 }} spacing="sm">
              {m.power_bests.length > 0 && <PowerBests bests={m.power_bests} />}
              {m.distance_bests.length > 0 && <DistanceBests bests={m.distance_bests} units={units} />}
            </SimpleGrid>
          )}
        </>
      )}
      <MissingHints m={m} />
      <Thresholds th={th} />
      {m.notes.length > 0 && (
        <Stack gap={2} data-testid="metrics-notes">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            {t("activities.metrics.notes")}
          </Text>
          <List size="xs" c="dimmed" spacing={2}>
            {m.notes.map((n) => (
              <List.Item key={n}>
                <span lang="en">{n}</span>
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}

/** A label that explains itself on hover. */
function Hinted({ label, hint, testId }: { label: ReactNode; hint: string; testId?: string }) {
  return (
    <Tooltip label={hint} multiline maw={320} withArrow openDelay={150}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ cursor: "help", textDecoration: "underline dotted" }} data-testid={testId} span>
        {label}
      </Text>
    </Tooltip>
  );
}

function Block({ title, icon: Icon, color, children, testId }: { title: string; icon: ComponentType<{ size?: number; stroke?: number }>; color: string; children: ReactNode; testId: string }) {
  return (
    <Card withBorder radius="md" padding="sm" data-testid={testId}>
      <Group gap={8} mb={8} wrap="nowrap">
        <ThemeIcon size={26} radius="md" variant="light" color={color}>
          <Icon size={16} stroke={1.8} />
        </ThemeIcon>
        <Text size="sm" fw={600}>
          {title}
        </Text>
      </Group>
      <Stack gap={6}>{children}</Stack>
    </Card>
  );
}

/** One metric row: a hinted label and its value ("—" when missing). */
function Metric({ k, value }: { k: string; value: string | null }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" data-testid={`metric-${k}`}>
      <Hinted label={t(`activities.metrics.labels.${k}`)} hint={t(`activities.metrics.hints.${k}`)} />
      <Text fw={600} size="sm" style={{ fontVariantNumeric: "tabular-nums" }} data-testid={`metric-${k}-value`} title={value === null ? t("activities.metrics.hints.missing") : undefined}>
        {value ?? DASH}
      </Text>
    </Group>
  );
}

function LoadCard({ m }: { m: ActivityMetrics }) {
  const { t, i18n } = useTranslation();
  const load = m.load && m.load.value !== null ? m.load : null;
  const metric = load ? t(`activities.metrics.load.metric.${load.metric}`, { defaultValue: load.metric }) : null;
  return (
    <Card withBorder radius="md" padding="sm" data-testid="metrics-load" data-metric={load?.metric}>
      <Group gap={8} mb={8} wrap="nowrap">
        <ThemeIcon size={26} radius="md" variant="light" color="orange">
          <IconFlame size={16} stroke={1.8} />
        </ThemeIcon>
        <Hinted label={t("activities.metrics.load.title")} hint={t("activities.metrics.load.hint")} />
      </Group>
      {load ? (
        <Group gap="xs" align="baseline">
          <Text fz={36} fw={800} lh={1.1} style={{ fontVariantNumeric: "tabular-nums" }} data-testid="metrics-load-value">
            {fmtNum(load.value ?? 0, i18n.language, 0)}
          </Text>
          <Tooltip label={t(`activities.metrics.hints.${load.metric}`, { defaultValue: metric ?? "" })} multiline maw={320} withArrow>
            <Badge variant="light" color="orange" radius="sm" data-testid="metrics-load-metric" style={{ cursor: "help" }}>
              {metric}
            </Badge>
          </Tooltip>
        </Group>
      ) : (
        <Text size="sm" c="dimmed" data-testid="metrics-load-none">
          {t("activities.metrics.load.none")}
        </Text>
      )}
    </Card>
  );
}

function PowerBlock({ p }: { p: PowerMetrics }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const w = (v: number | null | undefined) => (v === null || v === undefined ? null : `${fmtNum(v, l, 0)} W`);
  const n = (v: number | null | undefined, digits: number) => (v === null || v === undefined ? null : fmtNum(v, l, digits));
  const ratio = (v: number | null | undefined) => (v === null || v === undefined ? null : new Intl.NumberFormat(l, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v));
  return (
    <Block title={t("activities.metrics.power.title")} icon={IconBolt} color="violet" testId="metrics-power">
      <Metric k="average_w" value={w(p.average_w)} />
      <Metric k="normalized_w" value={w(p.normalized_w)} />
      <Metric k="intensity_factor" value={ratio(p.intensity_factor)} />
      <Metric k="variability_index" value={ratio(p.variability_index)} />
      <Metric k="tss" value={n(p.tss, 0)} />
    </Block>
  );
}

function HeartBlock({ h }: { h: HeartMetrics }) {
  const { t, i18n } = useTranslation();
  const n = (v: number | null | undefined) => (v === null || v === undefined ? null : fmtNum(v, i18n.language, 0));
  return (
    <Block title={t("activities.metrics.heart.title")} icon={IconHeartbeat} color="red" testId="metrics-heart">
      <Metric k="banister_trimp" value={n(h.banister_trimp)} />
      <Metric k="edwards_trimp" value={n(h.edwards_trimp)} />
      <Metric k="hrss" value={n(h.hrss)} />
    </Block>
  );
}

function zoneRange(z: ZoneTime, t: (k: string, o?: Record<string, unknown>) => string, locale: string): string {
  const low = z.low_bpm ?? null;
  const high = z.high_bpm ?? null;
  const b = (v: number) => fmtNum(v, locale, 0);
  if (low === null && high !== null) return t("activities.metrics.zones.under", { high: b(high) });
  if (high === null && low !== null) return t("activities.metrics.zones.over", { low: b(low) });
  if (low !== null && high !== null) return t("activities.metrics.zones.range", { low: b(low), high: b(high) });
  return DASH;
}

function Zones({ h }: { h: HeartMetrics }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const total = h.zones.reduce((s, z) => s + z.seconds, 0);
  const model = h.zone_model ?? null;
  return (
    <Card withBorder radius="md" padding="sm" data-testid="hr-zones" data-model={model ?? undefined}>
      <Group justify="space-between" mb={8} gap="xs">
        <Hinted label={t("activities.metrics.zones.title")} hint={t("activities.metrics.zones.hint")} />
        {model && (
          <Text size="xs" c="dimmed" data-testid="hr-zones-model">
            {t(`activities.metrics.zones.model.${model}`, { defaultValue: model })}
          </Text>
        )}
      </Group>
      {total > 0 && (
        <Progress.Root size="lg" radius="sm" mb="sm" aria-hidden>
          {h.zones.map((z, i) =>
            z.seconds > 0 ? <Progress.Section key={z.name} value={(z.seconds / total) * 100} color={ZONE_COLORS[i % ZONE_COLORS.length]} /> : null,
          )}
        </Progress.Root>
      )}
      <Stack gap={4}>
        {h.zones.map((z, i) => {
          const pct = total > 0 ? (z.seconds / total) * 100 : 0;
          const name = z.name === "below Z1" ? t("activities.metrics.zones.below") : z.name;
          return (
            <Group key={z.name} gap="sm" wrap="nowrap" data-testid="hr-zone" data-zone={z.name} style={{ fontVariantNumeric: "tabular-nums" }}>
              <Text size="sm" fw={600} w={64} data-testid="hr-zone-name">
                {name}
              </Text>
              <Text size="xs" c="dimmed" w={110} data-testid="hr-zone-range">
                {zoneRange(z, t, l)}
              </Text>
              <Progress
                value={pct}
                color={ZONE_COLORS[i % ZONE_COLORS.length]}
                size="md"
                radius="sm"
                style={{ flex: 1 }}
                aria-label={`${name} ${zoneRange(z, t, l)}`}
              />
              <Text size="sm" w={64} ta="right" data-testid="hr-zone-time">
                {formatDuration(z.seconds)}
              </Text>
              <Text size="xs" c="dimmed" w={40} ta="right">
                {fmtNum(pct, l, 0)} %
              </Text>
            </Group>
          );
        })}
      </Stack>
    </Card>
  );
}

function durationLabel(s: number, locale: string): string {
  return s < 60 ? `${fmtNum(s, locale, 0)} s` : `${fmtNum(s / 60, locale, 1)} min`;
}

function PowerBests({ bests }: { bests: PowerBest[] }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  return (
    <Card withBorder radius="md" padding="sm">
      <Group mb={6}>
        <Hinted label={t("activities.metrics.powerBests.title")} hint={t("activities.metrics.powerBests.hint")} />
      </Group>
      <Table fz="sm" verticalSpacing={4} striped data-testid="power-bests">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("activities.metrics.powerBests.duration")}</Table.Th>
            <Table.Th ta="right">{t("activities.metrics.powerBests.power")}</Table.Th>
            <Table.Th ta="right">{t("activities.metrics.powerBests.at")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody style={{ fontVariantNumeric: "tabular-nums" }}>
          {bests.map((b) => (
            <Table.Tr key={b.duration_s} data-testid="power-best-row" data-duration={b.duration_s}>
              <Table.Td>{durationLabel(b.duration_s, l)}</Table.Td>
              <Table.Td ta="right" fw={600}>
                {b.average_w === null ? DASH : `${fmtNum(b.average_w, l, 0)} W`}
              </Table.Td>
              <Table.Td ta="right" c="dimmed">
                {formatDuration(b.start_s)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function DistanceBests({ bests, units }: { bests: DistanceBest[]; units: Units }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  return (
    <Card withBorder radius="md" padding="sm">
      <Group mb={6}>
        <Hinted label={t("activities.metrics.distanceBests.title")} hint={t("activities.metrics.distanceBests.hint")} />
      </Group>
      <Table fz="sm" verticalSpacing={4} striped data-testid="distance-bests">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("activities.metrics.distanceBests.distance")}</Table.Th>
            <Table.Th ta="right">{t("activities.metrics.distanceBests.time")}</Table.Th>
            <Table.Th ta="right">{t("activities.metrics.distanceBests.pace")}</Table.Th>
            <Table.Th ta="right">{t("activities.metrics.distanceBests.at")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody style={{ fontVariantNumeric: "tabular-nums" }}>
          {bests.map((b, i) => {
            const d = b.distance_m;
            const time = b.time_s;
            const name =
              d === null ? DASH : t(`activities.metrics.distanceBests.names.d${Math.round(d)}`, { defaultValue: d >= 1000 ? `${fmtNum(d / 1000, l, 2)} km` : `${fmtNum(d, l, 0)} m` });
            return (
              <Table.Tr key={d ?? `i${i}`} data-testid="distance-best-row" data-distance={d ?? undefined}>
                <Table.Td>{name}</Table.Td>
                <Table.Td ta="right" fw={600}>
                  {time === null ? DASH : formatDuration(time)}
                </Table.Td>
                <Table.Td ta="right">{d !== null && time ? formatSpeed(d / time, "running", l, units) : DASH}</Table.Td>
                <Table.Td ta="right" c="dimmed">
                  {b.start_s === null ? DASH : formatDuration(b.start_s)}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

const THRESHOLDS = [
  { key: "ftp_w", unit: "W" },
  { key: "lthr", unit: "bpm" },
  { key: "max_hr", unit: "bpm" },
  { key: "resting_hr", unit: "bpm" },
] as const;

function Thresholds({ th }: { th: ThresholdsUsed }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const present = THRESHOLDS.flatMap(({ key, unit }) => {
    const v = th[key];
    return v && v.value !== null && v.value !== undefined ? [{ key, text: `${fmtNum(v.value, l, 0)} ${unit}`, effective: v.effective }] : [];
  });
  return (
    <Stack gap={4} data-testid="metrics-thresholds">
      <Group gap={4}>
        <Hinted label={t("activities.metrics.thresholds.title")} hint={t("activities.metrics.thresholds.hint")} />
      </Group>
      {present.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("activities.metrics.thresholds.none")}
        </Text>
      ) : (
        <Group gap="xs">
          {present.map((p) => (
            <Badge key={p.key} variant="default" radius="sm" tt="none" fw={500} data-testid={`threshold-${p.key}`}>
              {t("activities.metrics.thresholds.item", { name: t(`measures.short.${p.key}`), value: p.text, date: p.effective })}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}

/** Metrics missing because a threshold is not set on the activity's date, and where to set it. */
export function missingThresholds(m: ActivityMetrics): ("ftp" | "hr" | "zones")[] {
  const th = m.thresholds;
  const out: ("ftp" | "hr" | "zones")[] = [];
  const power = m.power ?? null;
  const heart = m.heart ?? null;
  if (power && (power.tss === null || power.tss === undefined) && !th.ftp_w) out.push("ftp");
  if (heart && (!th.max_hr || !th.resting_hr) && (heart.hrss === null || heart.hrss === undefined)) out.push("hr");
  if (heart && heart.zones.length === 0 && !th.lthr && !th.max_hr) out.push("zones");
  return out;
}

function MissingHints({ m }: { m: ActivityMetrics }) {
  const { t } = useTranslation();
  const missing = missingThresholds(m);
  if (missing.length === 0) return null;
  return (
    <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} title={t("activities.metrics.missing.title")} data-testid="metrics-missing">
      <Stack gap={4}>
        {missing.map((k) => (
          <Text key={k} size="sm" data-testid={`metrics-hint-${k}`}>
            {t(`activities.metrics.missing.${k}`)}
          </Text>
        ))}
        <Text size="xs" c="dimmed">
          {t("activities.metrics.missing.dated")}
        </Text>
        <Anchor component={Link} to={PROFILE_ROUTE} size="sm" fw={600} data-testid="metrics-profile-link">
          {t("activities.metrics.missing.link")}
        </Anchor>
      </Stack>
    </Alert>
  );
}
