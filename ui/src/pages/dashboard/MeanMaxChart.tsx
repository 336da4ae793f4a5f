import { useEffect, useMemo, useRef, useState } from "react";
import { Anchor, Card, Stack, Table, Text, useComputedColorScheme } from "@mantine/core";
import { IconChartDots } from "@tabler/icons-react";
import type uPlot from "uplot";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { commands } from "../../bindings";
import type { Units } from "../../bindings";
import type { CurveKind, CurvePoint, MeanMaxCurve } from "../../lib/api";
import { fmtNum } from "../../lib/activities/format";
import { formatPace } from "../../lib/pace";
import { useSettings } from "../../lib/settings";
import {
  CURVE_TICKS_S,
  SEASON_COMPARES,
  type Season,
  type SeasonCompare,
  durationTick,
  finite,
  paceOfSpeed,
  paceUnit,
  parseDay,
  seasonRanges,
} from "../../lib/trends";
import { CardTitle, ChoiceControl, DASH, DashboardError, EmptyState, Loading } from "./parts";
import { mountPlot, plotColors } from "./plot";
import { useBackend } from "./useBackend";

const KINDS: CurveKind[] = ["power", "pace"];
const COLORS = ["#1c7ed6", "#f59f00", "#ae3ec9"];
const CHART_HEIGHT = 260;
/** The durations the table under the chart lists. */
export const KEY_DURATIONS: Record<CurveKind, number[]> = {
  power: [5, 60, 300, 1200, 3600],
  pace: [60, 300, 1200, 3600, 7200],
};

/** A point's value as the chart plots it: watts, or seconds per km (mile) for pace. */
export function curveValue(kind: CurveKind, v: number | null, units: Units): number | null {
  if (!finite(v)) return null;
  return kind === "pace" ? paceOfSpeed(v, units) : v;
}

function formatCurveValue(kind: CurveKind, plotted: number, l: string, units: Units): string {
  return kind === "pace" ? `${formatPace(plotted)} ${paceUnit(units)}` : `${fmtNum(plotted, l, 0)} W`;
}

function seasonLabel(s: Season | undefined, c: MeanMaxCurve, t: TFunction): string {
  return s ? t(`dashboard.curves.season.${s.key}`, { year: s.from.slice(0, 4) }) : `${c.from} – ${c.to}`;
}

/** Best power or pace over every duration, one curve per season, on a log duration axis. */
export function MeanMaxChart() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<CurveKind>("power");
  const [compare, setCompare] = useState<SeasonCompare>("90d");
  const seasons = useMemo(() => seasonRanges(compare), [compare]);
  const key = `${kind}|${seasons.map((s) => `${s.from}..${s.to}`).join(",")}`;
  const c = useBackend(() => commands.meanMaxCurves(kind, seasons.map(({ from, to }) => ({ from, to }))), key);
  const curves = c.key === key ? c.data : null;
  const empty = curves !== null && curves.every((x) => x.points.length === 0);
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="mean-max">
      <CardTitle icon={IconChartDots} title={t("dashboard.curves.title")}>
        <ChoiceControl value={kind} options={KINDS} label={(k) => t(`dashboard.curves.kind.${k}`)} onChange={setKind} testId="mean-max-kind" />
        <ChoiceControl
          value={compare}
          options={SEASON_COMPARES}
          label={(k) => t(`dashboard.curves.compare.${k}`)}
          onChange={setCompare}
          testId="mean-max-compare"
        />
      </CardTitle>
      {c.error ? (
        <DashboardError error={c.error} testId="mean-max-error" />
      ) : !curves ? (
        <Loading testId="mean-max-loading" h={CHART_HEIGHT} />
      ) : empty ? (
        <EmptyState testId="mean-max-empty" text={t(`dashboard.curves.empty.${kind}`)} profileLink={false} />
      ) : (
        <Stack gap="sm">
          <Plot kind={kind} curves={curves} seasons={seasons} />
          <KeyTable kind={kind} curves={curves} seasons={seasons} />
        </Stack>
      )}
    </Card>
  );
}

function Plot({ kind, curves, seasons }: { kind: CurveKind; curves: MeanMaxCurve[]; seasons: Season[] }) {
  const { t, i18n } = useTranslation();
  const { settings } = useSettings();
  const units = settings.units;
  const scheme = useComputedColorScheme("light");
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const l = i18n.language;
    const { axis: axisColor, grid: gridColor } = plotColors(scheme);
    const dateFmt = new Intl.DateTimeFormat(l, { day: "numeric", month: "short", year: "numeric" });
    const durations = [...new Set(curves.flatMap((c) => c.points.map((p) => p.duration_s)))].sort((a, b) => a - b);
    const at = curves.map((c) => new Map(c.points.map((p) => [p.duration_s, p])));
    const data: uPlot.AlignedData = [durations, ...at.map((m) => durations.map((d) => curveValue(kind, m.get(d)?.value ?? null, units)))];
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth || 800),
      height: CHART_HEIGHT,
      legend: { show: true, live: true },
      cursor: { y: false, drag: { x: false, y: false } },
      scales: {
        x: { time: false, distr: 3, log: 10 },
        // Faster paces are smaller numbers: turn the axis over so that faster is higher.
        y: kind === "pace" ? { auto: true, dir: -1 } : { auto: true },
      },
      axes: [
        {
          stroke: axisColor,
          grid: { stroke: gridColor, width: 1 },
          ticks: { stroke: gridColor, width: 1 },
          splits: (_u, _i, min, max) => CURVE_TICKS_S.filter((d) => d >= min * 0.999 && d <= max * 1.001),
          // Keep every tick (uPlot's log filter would drop those that are not powers of 10).
          filter: (_u, splits) => splits,
          values: (_u, splits) => splits.map((s) => (finite(s) ? durationTick(s) : "")),
        },
        {
          stroke: axisColor,
          size: 64,
          grid: { stroke: gridColor, width: 1 },
          ticks: { stroke: gridColor, width: 1 },
          incrs: kind === "pace" ? [5, 10, 15, 30, 60, 120, 300, 600] : undefined,
          values: (_u, splits) => splits.map((s) => (kind === "pace" ? formatPace(s) : `${fmtNum(s, l, 0)} W`)),
        },
      ],
      series: [
        { label: t("dashboard.curves.duration"), value: (_u, v) => (finite(v) ? durationTick(v) : DASH) },
        ...curves.map((c, i) => ({
          label: seasonLabel(seasons[i], c, t),
          stroke: COLORS[i % COLORS.length],
          width: i === 0 ? 2.5 : 1.5,
          spanGaps: true,
          points: { show: false },
          value: (_u: uPlot, v: number | null, _si: number, idx: number | null) => {
            const p = idx === null ? undefined : at[i].get(durations[idx]);
            if (!finite(v) || !p) return DASH;
            return `${formatCurveValue(kind, v, l, units)} · ${dateFmt.format(parseDay(p.date))}`;
          },
        })),
      ],
    };
    return mountPlot(opts, data, el);
  }, [kind, curves, seasons, units, scheme, t, i18n.language]);

  return <div ref={ref} data-testid="mean-max-plot" data-kind={kind} style={{ width: "100%", minHeight: CHART_HEIGHT }} />;
}

/** The curves at a few telling durations, each best naming the activity and its date. */
function KeyTable({ kind, curves, seasons }: { kind: CurveKind; curves: MeanMaxCurve[]; seasons: Season[] }) {
  const { t, i18n } = useTranslation();
  const { settings } = useSettings();
  const l = i18n.language;
  const dateFmt = new Intl.DateTimeFormat(l, { day: "numeric", month: "short", year: "numeric" });
  const shortFmt = new Intl.DateTimeFormat(l, { day: "numeric", month: "short", year: "2-digit" });
  const durations = KEY_DURATIONS[kind];
  const cell = (p: CurvePoint | undefined) => {
    const v = p ? curveValue(kind, p.value, settings.units) : null;
    if (!p || v === null) return <Text c="dimmed">{DASH}</Text>;
    return (
      <Stack gap={0} align="flex-end">
        <Anchor component={Link} to={`/activities/${p.activity_id}`} fw={600} size="sm" style={{ whiteSpace: "nowrap" }} data-testid="mean-max-best">
          {formatCurveValue(kind, v, l, settings.units)}
        </Anchor>
        <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }} title={dateFmt.format(parseDay(p.date))}>
          {shortFmt.format(parseDay(p.date))}
        </Text>
      </Stack>
    );
  };
  return (
    <Table fz="sm" verticalSpacing={4} data-testid="mean-max-table" style={{ fontVariantNumeric: "tabular-nums" }}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("dashboard.curves.season.title")}</Table.Th>
          {durations.map((d) => (
            <Table.Th key={d} ta="right">
              {durationTick(d)}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {curves.map((c, i) => (
          <Table.Tr key={`${c.from}..${c.to}`} data-testid="mean-max-row">
            <Table.Td miw={120}>
              <Text size="sm" fw={600} c={COLORS[i % COLORS.length]}>
                {seasonLabel(seasons[i], c, t)}
              </Text>
              <Text size="xs" c="dimmed">
                {t("dashboard.curves.range", { from: dateFmt.format(parseDay(c.from)), to: dateFmt.format(parseDay(c.to)) })}
              </Text>
            </Table.Td>
            {durations.map((d) => (
              <Table.Td key={d} ta="right">
                {cell(c.points.find((p) => p.duration_s === d))}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
