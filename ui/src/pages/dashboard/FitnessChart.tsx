import { useEffect, useRef, useState } from "react";
import { Card, Group, SimpleGrid, Stack, Text, Tooltip, useComputedColorScheme } from "@mantine/core";
import { IconChartLine } from "@tabler/icons-react";
import uPlot from "uplot";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import type { LoadDay } from "../../bindings";
import { fmtNum } from "../../lib/activities/format";
import { CardTitle, ChoiceControl, DashboardError, EmptyState, Loading, useLoadHelp } from "./parts";
import { mountPlot, plotColors } from "./plot";
import { useBackend } from "./useBackend";

export type FitnessRange = "6w" | "3m" | "1y" | "all";
export const FITNESS_RANGES: FitnessRange[] = ["6w", "3m", "1y", "all"];

const COLORS = { ctl: "#1c7ed6", atl: "#e64980", tsb: "#f59f00", load: "#868e96" } as const;
const CHART_HEIGHT = 260;

function isoLocal(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The first day a range shows, counted back from `today` (null: from the first load). */
export function rangeFrom(range: FitnessRange, today: Date = new Date()): string | null {
  const d = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  switch (range) {
    case "6w":
      d.setDate(d.getDate() - 42);
      break;
    case "3m":
      d.setMonth(d.getMonth() - 3);
      break;
    case "1y":
      d.setFullYear(d.getFullYear() - 1);
      break;
    case "all":
      return null;
  }
  return isoLocal(d);
}

/** A YYYY-MM-DD day as uPlot's x value: seconds at local midnight. */
function dayToX(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d).getTime() / 1000;
}

/** Fitness (CTL), fatigue (ATL), form (TSB) and daily load over a chosen range. */
export function FitnessChart() {
  const { t, i18n } = useTranslation();
  const [range, setRange] = useState<FitnessRange>("3m");
  const series = useBackend(() => commands.loadSeries(rangeFrom(range), null), range);
  const help = useLoadHelp();

  const days = series.data;
  const latest = days && days.length > 0 ? days[days.length - 1] : null;
  const fmt = (v: number | null | undefined, signed = false) =>
    v === null || v === undefined || !Number.isFinite(v)
      ? "—"
      : `${signed && Math.round(v) > 0 ? "+" : ""}${fmtNum(Math.round(v), i18n.language, 0)}`;

  return (
    <Card withBorder radius="lg" padding="lg" data-testid="fitness-chart">
      <CardTitle icon={IconChartLine} title={t("dashboard.load.title")}>
        <ChoiceControl value={range} options={FITNESS_RANGES} label={(r) => t(`dashboard.fitness.range.${r}`)} onChange={setRange} testId="fitness-range" />
      </CardTitle>

      {series.error ? (
        <DashboardError error={series.error} testId="fitness-error" />
      ) : !days ? (
        <Loading testId="fitness-loading" h={CHART_HEIGHT} />
      ) : days.length === 0 ? (
        <EmptyState testId="fitness-empty" text={t("dashboard.fitness.empty")} />
      ) : (
        <Stack gap="sm">
          <SimpleGrid cols={3} spacing="md">
            <Current testId="fitness-ctl" color={COLORS.ctl} label={t("dashboard.fitness.ctl")} help={help.ctl} value={fmt(latest?.ctl)} />
            <Current testId="fitness-atl" color={COLORS.atl} label={t("dashboard.fitness.atl")} help={help.atl} value={fmt(latest?.atl)} />
            <Current testId="fitness-tsb" color={COLORS.tsb} label={t("dashboard.fitness.tsb")} help={t("dashboard.fitness.help.tsb")} value={fmt(latest?.tsb, true)} />
          </SimpleGrid>
          <Plot days={days} />
        </Stack>
      )}
    </Card>
  );
}

function Current({ testId, color, label, help, value }: { testId: string; color: string; label: string; help: string; value: string }) {
  return (
    <Tooltip label={help} withArrow multiline maw={320}>
      <Card radius="md" padding="sm" bg="var(--mantine-color-default-hover)" style={{ cursor: "help" }}>
        <Group gap={6}>
          <span style={{ width: 10, height: 3, borderRadius: 2, background: color, display: "inline-block" }} />
          <Text size="xs" c="dimmed" fw={600}>
            {label}
          </Text>
        </Group>
        <Text size="xl" fw={700} data-testid={testId}>
          {value}
        </Text>
      </Card>
    </Tooltip>
  );
}

function Plot({ days }: { days: LoadDay[] }) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const scheme = useComputedColorScheme("light");

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { axis: axisColor, grid: gridColor } = plotColors(scheme);
    const num = (v: number | null | undefined) =>
      v === null || v === undefined ? "—" : fmtNum(Math.round(v), i18n.language, 0);
    const dateFmt = new Intl.DateTimeFormat(i18n.language, { day: "numeric", month: "short", year: "numeric" });
    const bars = uPlot.paths?.bars?.({ size: [0.6, 6] });
    const data: uPlot.AlignedData = [
      days.map((d) => dayToX(d.date)),
      days.map((d) => d.load ?? null),
      days.map((d) => d.ctl ?? null),
      days.map((d) => d.atl ?? null),
      days.map((d) => d.tsb ?? null),
    ];
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth || 800),
      height: CHART_HEIGHT,
      legend: { show: true, live: true },
      cursor: { y: false, drag: { x: true, y: false, setScale: true } },
      scales: { x: { time: true }, y: { auto: true }, load: { auto: true, range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
      axes: [
        { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } },
        { stroke: axisColor, size: 48, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } },
        { scale: "load", side: 1, stroke: axisColor, size: 48, grid: { show: false }, ticks: { show: false } },
      ],
      series: [
        { label: t("dashboard.fitness.date"), value: (_u, v) => (v === null || v === undefined ? "—" : dateFmt.format(new Date(v * 1000))) },
        {
          label: t("dashboard.fitness.load"),
          scale: "load",
          stroke: COLORS.load,
          fill: `${COLORS.load}66`,
          width: 1,
          paths: bars,
          points: { show: false },
          value: (_u, v) => num(v),
        },
        { label: t("dashboard.fitness.ctl"), stroke: COLORS.ctl, width: 2, points: { show: false }, value: (_u, v) => num(v) },
        { label: t("dashboard.fitness.atl"), stroke: COLORS.atl, width: 1.5, points: { show: false }, value: (_u, v) => num(v) },
        {
          label: t("dashboard.fitness.tsb"),
          stroke: COLORS.tsb,
          fill: `${COLORS.tsb}22`,
          width: 1.5,
          points: { show: false },
          value: (_u, v) => num(v),
        },
      ],
    };
    return mountPlot(opts, data, el);
  }, [days, scheme, t, i18n.language]);

  return <div ref={ref} data-testid="fitness-plot" data-points={days.length} style={{ width: "100%", minHeight: CHART_HEIGHT }} />;
}
