import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { Button, Card, Group, SegmentedControl, Stack, Text, useComputedColorScheme } from "@mantine/core";
import { IconZoomReset } from "@tabler/icons-react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { Units } from "../../../bindings";
import type { Streams } from "../../../lib/api";
import {
  availableChannels,
  buildPlotData,
  createZoomGroup,
  hasDistance,
  robustRange,
  sampleAt,
  type ChartChannel,
  type CursorStore,
  type PlotData,
  type XMode,
  type ZoomGroup,
} from "../../../lib/activities/chart";
import {
  fmtNum,
  formatDistance,
  formatDuration,
  formatElevation,
  formatSpeed,
  speedKind,
} from "../../../lib/activities/format";
import { formatPace } from "../../../lib/pace";
import { cadenceUnit } from "../../../lib/activities/figures";

const COLORS: Record<ChartChannel, string> = {
  heart_rate: "#e03131",
  speed: "#1c7ed6",
  power: "#7048e8",
  cadence: "#0c8599",
  altitude: "#5c940d",
};

const CHART_HEIGHT = 150;
/** Tick steps in seconds that read well as clock times. */
const TIME_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600];
const PACE_INCRS = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600];
const Y_AXIS_SIZE = 64;

type Props = { streams: Streams; sport: string; units: Units; activityId: number; cursor: CursorStore };

/** Heart rate, pace or speed, power, cadence and altitude, one chart each, sharing crosshair and zoom. */
export function ActivityCharts({ streams, sport, units, activityId, cursor }: Props) {
  const { t } = useTranslation();
  const channels = useMemo(() => availableChannels(streams), [streams]);
  const canDistance = useMemo(() => hasDistance(streams), [streams]);
  const [mode, setMode] = useState<XMode>("time");
  const xMode: XMode = canDistance ? mode : "time";
  const data = useMemo(() => buildPlotData(streams, xMode, channels, sport, units), [streams, xMode, channels, sport, units]);
  const [zoomed, setZoomed] = useState(false);
  const group = useMemo(() => {
    const full = (): [number, number] | null => (data.x.length > 1 ? [data.x[0], data.x[data.x.length - 1]] : null);
    return createZoomGroup(full, setZoomed);
  }, [data]);
  useEffect(() => setZoomed(false), [data]);

  if (channels.length === 0) return null;

  return (
    <Card withBorder radius="lg" padding="md" data-testid="activity-charts">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Text fw={600}>{t("activities.charts.title")}</Text>
        <Group gap="sm">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconZoomReset size={14} />}
            onClick={() => group.reset()}
            disabled={!zoomed}
            data-testid="chart-reset-zoom"
          >
            {t("activities.charts.resetZoom")}
          </Button>
          {canDistance && (
            <SegmentedControl
              size="xs"
              value={xMode}
              onChange={(v) => setMode(v as XMode)}
              data={[
                { value: "time", label: t("activities.charts.time") },
                { value: "distance", label: t("activities.charts.distance") },
              ]}
              data-testid="chart-x-mode"
            />
          )}
        </Group>
      </Group>
      <Readout streams={streams} channels={channels} sport={sport} units={units} cursor={cursor} />
      <Stack gap={4}>
        {channels.map((c) => (
          <Chart
            key={`${c}-${xMode}`}
            channel={c}
            data={data}
            mode={xMode}
            sport={sport}
            units={units}
            syncKey={`activity-${activityId}`}
            group={group}
            cursor={cursor}
            t={t}
          />
        ))}
      </Stack>
    </Card>
  );
}

/** The unit of a channel's axis, for the athlete's units and the sport. */
function yUnit(channel: ChartChannel, sport: string, units: Units): string {
  const imperial = units === "imperial";
  switch (channel) {
    case "heart_rate":
      return "bpm";
    case "power":
      return "W";
    case "cadence":
      return cadenceUnit(sport);
    case "altitude":
      return imperial ? "ft" : "m";
    case "speed":
      switch (speedKind(sport)) {
        case "pace":
          return imperial ? "/mi" : "/km";
        case "pace100":
          return "/100 m";
        case "pace500":
          return "/500 m";
        default:
          return imperial ? "mph" : "km/h";
      }
  }
}

function Chart({
  channel,
  data,
  mode,
  sport,
  units,
  syncKey,
  group,
  cursor,
  t,
}: {
  channel: ChartChannel;
  data: PlotData;
  mode: XMode;
  sport: string;
  units: Units;
  syncKey: string;
  group: ZoomGroup;
  cursor: CursorStore;
  t: TFunction;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const scheme = useComputedColorScheme("light");
  const isPace = channel === "speed" && speedKind(sport) !== "speed";
  const label = channel === "speed" ? t(isPace ? "activities.charts.pace" : "activities.charts.speed") : t(`activities.charts.${channel}`);
  const unit = yUnit(channel, sport, units);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ys = data.series[channel] ?? [];
    const axisColor = scheme === "dark" ? "#c1c2c5" : "#495057";
    const gridColor = scheme === "dark" ? "rgba(255,255,255,0.08)" : "rgba(0,0,0,0.07)";
    const fmtY = (v: number | null) => (v === null || v === undefined ? "—" : isPace ? formatPace(v) : String(Math.round(v * 10) / 10));
    const fmtX = (v: number | null) =>
      v === null || v === undefined ? "—" : mode === "time" ? formatDuration(v) : `${v.toFixed(2)} ${units === "imperial" ? "mi" : "km"}`;
    const range = robustRange(ys, isPace ? 0.02 : 0, isPace ? 0.98 : 1);
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth || 800),
      height: CHART_HEIGHT,
      legend: { show: false },
      cursor: {
        sync: { key: syncKey, setSeries: false },
        y: false,
        drag: { x: true, y: false, setScale: true },
        points: { size: 7 },
      },
      scales: {
        x: { time: false },
        y: {
          dir: isPace ? -1 : 1,
          range: (_u, dMin, dMax) => (range ? range : [dMin, dMax]),
        },
      },
      axes: [
        {
          stroke: axisColor,
          grid: { stroke: gridColor, width: 1 },
          ticks: { stroke: gridColor, width: 1 },
          values: (_u, splits) => splits.map((v) => fmtX(v)),
          incrs: mode === "time" ? TIME_INCRS : undefined,
        },
        {
          stroke: axisColor,
          size: Y_AXIS_SIZE,
          grid: { stroke: gridColor, width: 1 },
          ticks: { stroke: gridColor, width: 1 },
          values: (_u, splits) => splits.map((v) => fmtY(v)),
          incrs: isPace ? PACE_INCRS : undefined,
        },
      ],
      series: [
        { label: mode === "time" ? t("activities.charts.time") : t("activities.charts.distance"), value: (_u, v) => fmtX(v) },
        {
          label,
          stroke: COLORS[channel],
          width: 1.25,
          fill: channel === "altitude" ? `${COLORS[channel]}33` : undefined,
          spanGaps: false,
          points: { show: false },
          value: (_u, v) => (v === null || v === undefined ? "—" : `${fmtY(v)} ${unit}`),
        },
      ],
      hooks: {
        setScale: [(u, key) => key === "x" && group.changed(u)],
        setCursor: [(u) => cursor.set(sampleAt(data, u.cursor.idx))],
      },
    };
    const u = new uPlot(opts, [data.x, ys] as uPlot.AlignedData, el);
    group.add(u);
    const ro = new ResizeObserver(() => {
      const w = el.clientWidth;
      if (w > 0 && w !== u.width) u.setSize({ width: w, height: CHART_HEIGHT });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      group.remove(u);
      u.destroy();
    };
  }, [channel, data, mode, sport, units, syncKey, group, cursor, scheme, isPace, label, unit, t]);

  return (
    <div data-testid={`activity-chart-${channel}`} data-points={data.x.length} aria-label={`${label} (${unit})`} role="group">
      <Group gap={6} mb={-4}>
        <span style={{ width: 10, height: 3, borderRadius: 2, background: COLORS[channel], display: "inline-block" }} />
        <Text size="xs" fw={600}>
          {label}
        </Text>
        <Text size="xs" c="dimmed">
          {unit}
        </Text>
      </Group>
      <div ref={ref} style={{ width: "100%", minHeight: CHART_HEIGHT }} />
    </div>
  );
}

/** The figures under the crosshair, for every chart at once; the zoom hint otherwise. */
function Readout({
  streams,
  channels,
  sport,
  units,
  cursor,
}: {
  streams: Streams;
  channels: ChartChannel[];
  sport: string;
  units: Units;
  cursor: CursorStore;
}) {
  const { t, i18n } = useTranslation();
  const i = useSyncExternalStore(cursor.subscribe, cursor.get);
  const locale = i18n.language;
  if (i === null || i >= streams.time_s.length)
    return (
      <Text size="xs" c="dimmed" mb={6} data-testid="chart-readout">
        {t("activities.charts.zoomHint")}
      </Text>
    );
  const dist = streams.distance?.[i];
  const value = (c: ChartChannel): string => {
    const v = streams[c]?.[i];
    if (v === null || v === undefined) return "—";
    switch (c) {
      case "speed":
        return formatSpeed(v, sport, locale, units);
      case "altitude":
        return formatElevation(v, locale, units);
      case "heart_rate":
        return `${fmtNum(v, locale, 0)} bpm`;
      case "power":
        return `${fmtNum(v, locale, 0)} W`;
      case "cadence":
        return `${fmtNum(v, locale, 0)} ${cadenceUnit(sport)}`;
    }
  };
  return (
    <Group gap="md" mb={6} data-testid="chart-readout" style={{ fontVariantNumeric: "tabular-nums" }}>
      <Text size="xs" fw={600}>
        {formatDuration(streams.time_s[i])}
        {dist !== null && dist !== undefined && ` · ${formatDistance(dist, locale, units)}`}
      </Text>
      {channels.map((c) => (
        <Text key={c} size="xs">
          <span style={{ color: COLORS[c], fontWeight: 600 }}>{value(c)}</span>
        </Text>
      ))}
    </Group>
  );
}
