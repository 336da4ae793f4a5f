import { useState } from "react";
import { Alert, Anchor, Badge, Card, Center, Group, List, Loader, Progress, SegmentedControl, SimpleGrid, Stack, Table, Text, ThemeIcon, Tooltip } from "@mantine/core";
import { IconAlertTriangle, IconBattery2, IconBolt, IconFlame, IconGauge, IconHeartbeat, IconInfoCircle, IconRun } from "@tabler/icons-react";
import type { ComponentType, ReactNode } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import type { Units } from "../../../bindings";
import type {
  ActivityMetrics,
  ApiError,
  Band,
  DistanceBest,
  EfficiencyMetrics,
  HeartMetrics,
  PowerBest,
  PowerMetrics,
  RunningMetrics,
  ThresholdsUsed,
  WBalance,
  ZoneSet,
  ZoneTime,
} from "../../../lib/api";
import { fmtNum, formatDuration, formatSpeed } from "../../../lib/activities/format";
import { formatMeasure } from "../../../lib/display";
import { ZONE_COLORS, finite, formatSpeedAsPace, paceNumber, paceUnit, zoneName } from "../../../lib/trends";

export type MetricsState = { kind: "loading" } | { kind: "ok"; data: ActivityMetrics } | { kind: "error"; error: ApiError };

const PROFILE_ROUTE = "/settings/profile";
const DASH = "—";
/** Aerobic decoupling under this many percent: the effort was aerobically steady (Friel). */
export const DECOUPLING_STEADY = 5;

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
  const running = m.running ?? null;
  const efficiency = m.efficiency ?? null;
  const wbal = m.w_balance ?? null;
  const powerZones = m.power_zones && m.power_zones.bands.length > 0 ? m.power_zones : null;
  const paceZones = m.pace_zones && m.pace_zones.bands.length > 0 ? m.pace_zones : null;
  const th = m.thresholds;
  const nothing =
    !power && !heart && !running && !efficiency && !m.load && m.power_bests.length === 0 && m.distance_bests.length === 0;
  const blocks = 1 + [power, heart, running, efficiency, wbal].filter(Boolean).length;
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
          <SimpleGrid cols={{ base: 1, sm: Math.max(2, Math.min(3, blocks)) }} spacing="sm">
            <LoadCard m={m} />
            {power && <PowerBlock p={power} />}
            {heart && <HeartBlock h={heart} />}
            {running && <RunningBlock r={running} units={units} />}
            {efficiency && <EfficiencyBlock e={efficiency} />}
            {wbal && <WBalanceBlock w={wbal} />}
          </SimpleGrid>
          {heart && heartZoneModels(heart).length > 0 && <Zones h={heart} />}
          {powerZones && <PowerZones z={powerZones} />}
          {paceZones && <PaceZones z={paceZones} units={units} />}
          {(m.power_bests.length > 0 || m.distance_bests.length > 0) && (
            <SimpleGrid cols={{ base: 1, md: m.power_bests.length > 0 && m.distance_bests.length > 0 ? 2 : 1 }} spacing="sm">
              {m.power_bests.length > 0 && <PowerBests bests={m.power_bests} />}
              {m.distance_bests.length > 0 && <DistanceBests bests={m.distance_bests} units={units} />}
            </SimpleGrid>
          )}
        </>
      )}
      <MissingHints m={m} />
      <Thresholds th={th} units={units} />
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
  // Session-RPE (issue 11) is named under "feedback"; the device-based metrics under "activities".
  const metric = load
    ? t([`activities.metrics.load.metric.${load.metric}`, `feedback.loadMetric.${load.metric}`], { defaultValue: load.metric })
    : null;
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
          <Tooltip
            label={t([`activities.metrics.hints.${load.metric}`, `feedback.loadMetricHint.${load.metric}`], { defaultValue: metric ?? "" })}
            multiline
            maw={320}
            withArrow
          >
            <Badge variant="light" color="orange" radius="sm" data-testid="metrics-load-metric" style={{ cursor: "help" }}>
              {metric}
            </Badge>
          </Tooltip>
        </Group>
      ) : (
        <Text size="sm" c="dimmed" data-testid="metrics-load-none">
          {t("activities.metrics.load.none")} {t("feedback.rpeGivesLoad")}
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

function RunningBlock({ r, units }: { r: RunningMetrics; units: Units }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const ratio = (v: number | null | undefined) =>
    finite(v) ? new Intl.NumberFormat(l, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v) : null;
  return (
    <Block title={t("activities.metrics.running.title")} icon={IconRun} color="orange" testId="metrics-running">
      <Metric k="ngp" value={finite(r.normalized_graded_speed_mps) ? formatSpeedAsPace(r.normalized_graded_speed_mps, t, units) : null} />
      <Metric k="running_if" value={ratio(r.intensity_factor)} />
      <Metric k="rtss" value={finite(r.rtss) ? fmtNum(r.rtss, l, 0) : null} />
    </Block>
  );
}

function EfficiencyBlock({ e }: { e: EfficiencyMetrics }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const d = finite(e.decoupling_percent) ? e.decoupling_percent : null;
  const steady = d !== null && d < DECOUPLING_STEADY;
  return (
    <Block title={t("activities.metrics.efficiency.title")} icon={IconGauge} color="teal" testId="metrics-efficiency">
      <Metric
        k="efficiency_factor"
        value={finite(e.factor) ? `${new Intl.NumberFormat(l, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(e.factor)} ${t(`activities.metrics.efficiency.unit.${e.basis}`, { defaultValue: "" })}`.trim() : null}
      />
      <Metric k="decoupling" value={d === null ? null : `${fmtNum(d, l, 1)} %`} />
      {d !== null && (
        <Text size="xs" fw={600} c={steady ? "teal.7" : "orange.7"} data-testid="metrics-decoupling-verdict" data-steady={steady}>
          {steady ? t("activities.metrics.efficiency.steady") : t("activities.metrics.efficiency.drift")}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t(`activities.metrics.efficiency.basis.${e.basis}`, { defaultValue: e.basis })}
      </Text>
    </Block>
  );
}

function WBalanceBlock({ w }: { w: WBalance }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const kj = (j: number | null | undefined) => (finite(j) ? `${fmtNum(j / 1000, l, 1)} kJ` : DASH);
  const share = finite(w.min_j) && finite(w.w_prime_j) && w.w_prime_j > 0 ? (w.min_j / w.w_prime_j) * 100 : null;
  return (
    <Block title={t("activities.metrics.wbal.title")} icon={IconBattery2} color="grape" testId="metrics-wbal">
      <Metric k="w_balance_min" value={finite(w.min_j) ? t("activities.metrics.wbal.min", { value: kj(w.min_j), at: formatDuration(w.min_at_s) }) : null} />
      {share !== null && (
        <Text size="xs" c="dimmed" data-testid="metrics-wbal-share">
          {t("activities.metrics.wbal.share", { percent: fmtNum(share, l, 0) })}
        </Text>
      )}
      <Metric k="w_balance_fit" value={t("activities.metrics.wbal.fit", { cp: finite(w.cp_w) ? fmtNum(w.cp_w, l, 0) : DASH, wPrime: kj(w.w_prime_j) })} />
      <Text size="xs" c="dimmed" data-testid="metrics-wbal-range">
        {t("activities.metrics.wbal.range", { from: w.fit_from, to: w.fit_to })}
      </Text>
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

type ZoneRow = { key: string; name: string; range: string; seconds: number };

/** Time in the zones of one model: a stacked bar, then one row per zone with its range. */
function ZoneCard({
  prefix,
  title,
  hint,
  model,
  rows,
  control,
}: {
  prefix: string;
  title: string;
  hint: string;
  model: string | null;
  rows: ZoneRow[];
  /** A control in the header (the heart-rate model switch). */
  control?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const total = rows.reduce((s, z) => s + z.seconds, 0);
  return (
    <Card withBorder radius="md" padding="sm" data-testid={`${prefix}-zones`} data-model={model ?? undefined}>
      <Group justify="space-between" mb={8} gap="xs">
        <Hinted label={title} hint={hint} />
        <Group gap="sm">
          {model && (
            <Text size="xs" c="dimmed" data-testid={`${prefix}-zones-model`}>
              {t(`activities.metrics.zones.model.${model}`, { defaultValue: model })}
            </Text>
          )}
          {control}
        </Group>
      </Group>
      {total > 0 && (
        <Progress.Root size="lg" radius="sm" mb="sm" aria-hidden>
          {rows.map((z, i) =>
            z.seconds > 0 ? <Progress.Section key={z.key} value={(z.seconds / total) * 100} color={ZONE_COLORS[i % ZONE_COLORS.length]} /> : null,
          )}
        </Progress.Root>
      )}
      <Stack gap={4}>
        {rows.map((z, i) => {
          const pct = total > 0 ? (z.seconds / total) * 100 : 0;
          return (
            <Group key={z.key} gap="sm" wrap="nowrap" data-testid={`${prefix}-zone`} data-zone={z.key} style={{ fontVariantNumeric: "tabular-nums" }}>
              <Text size="sm" fw={600} w={prefix === "hr" ? 64 : 150} truncate="end" title={z.name} data-testid={`${prefix}-zone-name`}>
                {z.name}
              </Text>
              <Text size="xs" c="dimmed" w={prefix === "hr" ? 110 : 130} data-testid={`${prefix}-zone-range`}>
                {z.range}
              </Text>
              <Progress value={pct} color={ZONE_COLORS[i % ZONE_COLORS.length]} size="md" radius="sm" style={{ flex: 1 }} aria-label={`${z.name} ${z.range}`} />
              <Text size="sm" w={64} ta="right" data-testid={`${prefix}-zone-time`}>
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

/** The heart-rate zone models with time in them, the primary one first. */
export function heartZoneModels(h: HeartMetrics): { model: string; zones: ZoneTime[] }[] {
  const models = h.zone_models ?? [];
  if (models.length > 0) return models.filter((m) => m.zones.length > 0);
  return h.zone_model && h.zones.length > 0 ? [{ model: h.zone_model, zones: h.zones }] : [];
}

function Zones({ h }: { h: HeartMetrics }) {
  const { t, i18n } = useTranslation();
  const models = heartZoneModels(h);
  const [picked, setPicked] = useState<string | null>(null);
  const shown = models.find((m) => m.model === picked) ?? models[0];
  const rows = shown.zones.map((z) => ({
    key: z.name,
    name: z.name === "below Z1" ? t("activities.metrics.zones.below") : z.name,
    range: zoneRange(z, t, i18n.language),
    seconds: z.seconds,
  }));
  const control =
    models.length > 1 ? (
      <SegmentedControl
        size="xs"
        value={shown.model}
        onChange={setPicked}
        data={models.map((m) => ({ value: m.model, label: t(`activities.metrics.zones.modelShort.${m.model}`, { defaultValue: m.model }) }))}
        data-testid="hr-zones-switch"
      />
    ) : undefined;
  return (
    <ZoneCard
      prefix="hr"
      title={t("activities.metrics.zones.title")}
      hint={t("activities.metrics.zones.hint")}
      model={shown.model}
      rows={rows}
      control={control}
    />
  );
}

/** A power band's range in watts: "≤ 127 W", "127–173 W", "> 346 W". */
export function powerBandRange(b: Band, t: (k: string, o?: Record<string, unknown>) => string, locale: string): string {
  const w = (v: number) => fmtNum(v, locale, 0);
  const low = finite(b.low) ? b.low : null;
  const high = finite(b.high) ? b.high : null;
  if (low === null && high !== null) return t("activities.metrics.zones.underW", { high: w(high) });
  if (high === null && low !== null) return t("activities.metrics.zones.overW", { low: w(low) });
  if (low !== null && high !== null) return t("activities.metrics.zones.rangeW", { low: w(low), high: w(high) });
  return DASH;
}

/** A pace band's range, bounds in m/s: "slower than 6:05 /km", "4:45–5:10 /km", "faster than 3:50 /km". */
export function paceBandRange(b: Band, t: (k: string, o?: Record<string, unknown>) => string, units: Units): string {
  const low = finite(b.low) && b.low > 0 ? b.low : null;
  const high = finite(b.high) && b.high > 0 ? b.high : null;
  const pace = (mps: number) => paceNumber(1000 / mps, units);
  const unit = paceUnit(units);
  if (low === null && high !== null) return t("activities.metrics.zones.slower", { pace: `${pace(high)} ${unit}` });
  if (high === null && low !== null) return t("activities.metrics.zones.faster", { pace: `${pace(low)} ${unit}` });
  if (low !== null && high !== null) return t("activities.metrics.zones.paceRange", { fast: pace(high), slow: `${pace(low)} ${unit}` });
  return DASH;
}

function PowerZones({ z }: { z: ZoneSet }) {
  const { t, i18n } = useTranslation();
  const rows = z.bands.map((b) => ({ key: b.name, name: zoneName(b.name, t), range: powerBandRange(b, t, i18n.language), seconds: b.seconds }));
  return <ZoneCard prefix="power" title={t("activities.metrics.zones.powerTitle")} hint={t("activities.metrics.zones.powerHint")} model={z.model} rows={rows} />;
}

function PaceZones({ z, units }: { z: ZoneSet; units: Units }) {
  const { t } = useTranslation();
  const rows = z.bands.map((b) => ({ key: b.name, name: zoneName(b.name, t), range: paceBandRange(b, t, units), seconds: b.seconds }));
  return <ZoneCard prefix="pace" title={t("activities.metrics.zones.paceTitle")} hint={t("activities.metrics.zones.paceHint")} model={z.model} rows={rows} />;
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

const THRESHOLDS = ["ftp_w", "lthr", "max_hr", "resting_hr", "threshold_pace_s_per_km"] as const;

function Thresholds({ th, units }: { th: ThresholdsUsed; units: Units }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const present = THRESHOLDS.flatMap((key) => {
    const v = th[key];
    return v && finite(v.value) ? [{ key, text: formatMeasure(key, v.value, t, l, units), effective: v.effective }] : [];
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
export function missingThresholds(m: ActivityMetrics): ("ftp" | "hr" | "zones" | "pace")[] {
  const th = m.thresholds;
  const out: ("ftp" | "hr" | "zones" | "pace")[] = [];
  const power = m.power ?? null;
  const heart = m.heart ?? null;
  const running = m.running ?? null;
  if (power && (power.tss === null || power.tss === undefined) && !th.ftp_w) out.push("ftp");
  if (heart && (!th.max_hr || !th.resting_hr) && (heart.hrss === null || heart.hrss === undefined)) out.push("hr");
  if (heart && heart.zones.length === 0 && !th.lthr && !th.max_hr) out.push("zones");
  if (running && !finite(running.rtss) && !th.threshold_pace_s_per_km) out.push("pace");
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
