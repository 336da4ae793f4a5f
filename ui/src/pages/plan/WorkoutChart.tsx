// A structured workout as bars along time: width = how long a step lasts,
// height = its target as % of threshold, colour = the kind of step.
import { Box, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Step } from "../../bindings";
import { INTENSITY_COLORS, formatSessionTime, workoutSegments, type References } from "../../lib/plan";

const W = 600;
const H = 150;
const PAD_TOP = 8;
const PAD_BOTTOM = 18;

export function WorkoutChart({
  workout,
  refs,
}: {
  workout: { steps: Step[]; est_distance_m: number; est_duration_s: number };
  refs: References;
}) {
  const { t } = useTranslation();
  const segs = workoutSegments(workout, refs);
  const total = segs.reduce((s, x) => s + x.length, 0);
  if (segs.length === 0 || total <= 0) return null;
  const top = Math.max(120, ...segs.map((s) => s.percent + 10));
  const plotH = H - PAD_TOP - PAD_BOTTOM;
  const y = (pct: number) => PAD_TOP + plotH * (1 - Math.max(0, pct) / top);
  const x = (s: number) => (s / total) * W;
  const intensities = [...new Set(segs.map((s) => s.intensity))];
  return (
    <Box>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={t("plan.drawer.chartLabel")}
        data-testid="workout-steps-chart"
        data-segments={segs.length}
        style={{ display: "block" }}
      >
        <line x1={0} x2={W} y1={y(100)} y2={y(100)} stroke="currentColor" strokeOpacity={0.35} strokeDasharray="4 4" />
        <text x={W - 4} y={y(100) - 4} textAnchor="end" fontSize={10} fill="currentColor" opacity={0.6}>
          {t("plan.drawer.threshold")}
        </text>
        {segs.map((s, i) => (
          <rect
            key={i}
            x={x(s.start) + 0.5}
            y={y(s.percent)}
            width={Math.max(1, x(s.length) - 1)}
            height={Math.max(1, H - PAD_BOTTOM - y(s.percent))}
            fill={INTENSITY_COLORS[s.intensity]}
            rx={1.5}
            data-testid="chart-bar"
            data-intensity={s.intensity}
            data-percent={Math.round(s.percent)}
            data-rep={s.rep ?? undefined}
          >
            <title>{`${s.label} — ${Math.round(s.percent)} %`}</title>
          </rect>
        ))}
        <line x1={0} x2={W} y1={H - PAD_BOTTOM} y2={H - PAD_BOTTOM} stroke="currentColor" strokeOpacity={0.3} />
        <text x={0} y={H - 4} fontSize={10} fill="currentColor" opacity={0.7}>
          0
        </text>
        <text x={W} y={H - 4} textAnchor="end" fontSize={10} fill="currentColor" opacity={0.7}>
          {formatSessionTime(total)}
        </text>
      </svg>
      <Group gap="sm" mt={4}>
        {intensities.map((i) => (
          <Group key={i} gap={4}>
            <Box w={10} h={10} style={{ background: INTENSITY_COLORS[i], borderRadius: 2 }} />
            <Text size="xs" c="dimmed">
              {t(`plan.step.intensity.${i}`)}
            </Text>
          </Group>
        ))}
        <Text size="xs" c="dimmed">
          {t("plan.drawer.chartHint")}
        </Text>
      </Group>
    </Box>
  );
}
