import { useEffect, useRef, useState } from "react";
import { Card, Stack, Text, useComputedColorScheme, useMantineTheme } from "@mantine/core";
import { IconChartBar } from "@tabler/icons-react";
import uPlot from "uplot";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import type { Units } from "../../bindings";
import type { Period, VolumePeriod } from "../../lib/api";
import { fmtNum, formatHours } from "../../lib/activities/format";
import { KM_PER_MILE } from "../../lib/pace";
import { useSettings } from "../../lib/settings";
import { finite, parseDay } from "../../lib/trends";
import { sportColor } from "../../components/SportIcon";
import { CardTitle, ChoiceControl, DASH, DashboardError, EmptyState, Loading } from "./parts";
import { mountPlot, plotColors } from "./plot";
import { useBackend } from "./useBackend";

export type VolumeMetric = "time" | "distance" | "load";
const METRICS: VolumeMetric[] = ["time", "distance", "load"];
const PERIODS: Period[] = ["week", "month"];
const CHART_HEIGHT = 240;

/** What a sport's share of a period measures: hours, km (mi) or load. */
export function volumeValue(v: { moving_s: number | null; distance_m: number | null; load: number | null }, metric: VolumeMetric, units: Units): number {
  switch (metric) {
    case "time":
      return finite(v.moving_s) ? v.moving_s / 3600 : 0;
    case "distance":
      return finite(v.distance_m) ? v.distance_m / 1000 / (units === "imperial" ? KM_PER_MILE : 1) : 0;
    case "load":
      return finite(v.load) ? v.load : 0;
  }
}

/**
 * Sports stacked bottom-up (most of the metric at the bottom), each as its
 * cumulative top per period, and as its own value.
 */
export function stackBySport(periods: VolumePeriod[], metric: VolumeMetric, units: Units) {
  const totals = new Map<string, number>();
  for (const p of periods)
    for (const s of p.by_sport) totals.set(s.sport, (totals.get(s.sport) ?? 0) + volumeValue(s, metric, units));
  const sports = [...totals.entries()]
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([s]) => s);
  const own = sports.map((sport) =>
    periods.map((p) => {
      const s = p.by_sport.find((x) => x.sport === sport);
      return s ? volumeValue(s, metric, units) : 0;
    }),
  );
  const tops = own.map((_, i) => periods.map((_, j) => own.slice(0, i + 1).reduce((sum, row) => sum + row[j], 0)));
  return { sports, own, tops };
}

/** Volume per week or month, stacked by sport: time, distance or load. */
export function VolumeChart() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<Period>("week");
  const [metric, setMetric] = useState<VolumeMetric>("time");
  const v = useBackend(() => commands.trainingVolume(null, null, period), period);
  const periods = v.data;
  const empty = periods !== null && periods.every((p) => p.activities === 0);
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="volume-chart">
      <CardTitle icon={IconChartBar} title={t("dashboard.volume.title")}>
        <ChoiceControl value={metric} options={METRICS} label={(m) => t(`dashboard.volume.metric.${m}`)} onChange={setMetric} testId="volume-metric" />
        <ChoiceControl value={period} options={PERIODS} label={(p) => t(`dashboard.volume.period.${p}`)} onChange={setPeriod} testId="volume-period" />
      </CardTitle>
      {v.error ? (
        <DashboardError error={v.error} testId="volume-error" />
      ) : !periods ? (
        <Loading testId="volume-loading" h={CHART_HEIGHT} />
      ) : empty ? (
        <EmptyState testId="volume-empty" text={t(`dashboard.volume.empty.${period}`)} profileLink={false} />
      ) : (
        <Stack gap={4}>
          {/* The period of the data shown, which lags the toggle while the next answer loads. */}
          <Plot periods={periods} period={(v.key as Period | null) ?? period} metric={metric} />
          {metric === "load" && periods.every((p) => !(finite(p.load) && p.load > 0)) && (
            <Text size="xs" c="dimmed" data-testid="volume-no-load">
              {t("dashboard.volume.noLoad")}
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}

function Plot({ periods, period, metric }: { periods: VolumePeriod[]; period: Period; metric: VolumeMetric }) {
  const { t, i18n } = useTranslation();
  const { settings } = useSettings();
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme("light");
  const ref = useRef<HTMLDivElement>(null);
  const units = settings.units;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const l = i18n.language;
    const { axis: axisColor, grid: gridColor } = plotColors(scheme);
    const { sports, own, tops } = stackBySport(periods, metric, units);
    const fmt = (v: number | null | undefined) => {
      if (!finite(v)) return DASH;
      switch (metric) {
        case "time":
          return formatHours(v * 3600, l);
        case "distance":
          return `${fmtNum(v, l, 1)} ${units === "imperial" ? "mi" : "km"}`;
        case "load":
          return fmtNum(v, l, 0);
      }
    };
    const label = (i: number) => {
      const p = periods[i];
      if (!p) return "";
      const d = parseDay(p.start);
      return period === "month"
        ? new Intl.DateTimeFormat(l, { month: "short", year: "2-digit" }).format(d)
        : new Intl.DateTimeFormat(l, { day: "numeric", month: "short" }).format(d);
    };
    const every = Math.max(1, Math.ceil(periods.length / 12));
    const bars = uPlot.paths?.bars?.({ size: [0.7, 64] });
    // Drawn from the top of the stack down, so each sport covers the one above it.
    const order = sports.map((_, i) => i).reverse();
    const data: uPlot.AlignedData = [periods.map((_, i) => i), ...order.map((i) => tops[i])];
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth || 800),
      height: CHART_HEIGHT,
      legend: { show: true, live: true },
      cursor: { y: false, drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: () => [-0.5, periods.length - 0.5] },
        y: { auto: true, range: (_u, _min, max) => [0, Math.max(1, max) * 1.08] },
      },
      axes: [
        {
          stroke: axisColor,
          grid: { show: false },
          ticks: { stroke: gridColor, width: 1 },
          splits: () => periods.map((_, i) => i).filter((i) => i % every === 0),
          values: (_u, splits) => splits.map((s) => label(s)),
        },
        {
          stroke: axisColor,
          size: 56,
          grid: { stroke: gridColor, width: 1 },
          ticks: { stroke: gridColor, width: 1 },
          values: (_u, splits) => splits.map((s) => (metric === "time" ? `${fmtNum(s, l, 1)} h` : fmtNum(s, l, 0))),
        },
      ],
      series: [
        {
          label: t(`dashboard.volume.period.${period}`),
          value: (_u, v) => (v === null || v === undefined ? DASH : label(v)),
        },
        ...order.map((i) => {
          const c = theme.colors[sportColor(sports[i])]?.[6] ?? "#868e96";
          return {
            label: t(`activities.sport.${sports[i]}`, { defaultValue: sports[i] }),
            stroke: c,
            fill: c,
            width: 0,
            paths: bars,
            points: { show: false },
            value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) => (idx === null ? DASH : fmt(own[i][idx])),
          } satisfies uPlot.Series;
        }),
      ],
    };
    return mountPlot(opts, data, el);
  }, [periods, period, metric, units, scheme, theme, t, i18n.language]);

  return <div ref={ref} data-testid="volume-plot" data-periods={periods.length} data-metric={metric} style={{ width: "100%", minHeight: CHART_HEIGHT }} />;
}
