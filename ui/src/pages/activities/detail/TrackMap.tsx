import { useMemo, useSyncExternalStore } from "react";
import { Card, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CursorStore } from "../../../lib/activities/chart";
import { svgPoints, trackShape, type TrackShape } from "../../../lib/activities/geo";

const W = 800;
const H = 440;

/** The GPS track drawn from its own points (Web Mercator), without map tiles: it works offline. */
export function TrackMap({
  lat,
  lon,
  cursor,
}: {
  lat: readonly (number | null)[];
  lon: readonly (number | null)[];
  cursor: CursorStore;
}) {
  const { t } = useTranslation();
  const shape = useMemo(() => trackShape(lat, lon, W, H, 24), [lat, lon]);
  if (!shape) return null;
  return (
    <Card withBorder radius="lg" padding="md">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{t("activities.map.title")}</Text>
        <Group gap="md">
          <Legend color="var(--mantine-color-green-6)" label={t("activities.map.start")} />
          <Legend color="var(--mantine-color-red-6)" label={t("activities.map.end")} />
        </Group>
      </Group>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={t("activities.map.label")}
        data-testid="activity-map"
        style={{
          display: "block",
          maxHeight: 440,
          background: "var(--mantine-color-default-hover)",
          borderRadius: "var(--mantine-radius-md)",
        }}
      >
        {shape.segments.map((seg, i) => (
          <g key={i}>
            <polyline
              points={svgPoints(seg)}
              fill="none"
              stroke="var(--mantine-color-body)"
              strokeWidth={6}
              strokeLinejoin="round"
              strokeLinecap="round"
            />
            <polyline
              points={svgPoints(seg)}
              fill="none"
              stroke="var(--mantine-color-orange-6)"
              strokeWidth={3}
              strokeLinejoin="round"
              strokeLinecap="round"
              data-testid="activity-map-track"
            />
          </g>
        ))}
        <circle cx={shape.start[0]} cy={shape.start[1]} r={8} fill="var(--mantine-color-green-6)" stroke="white" strokeWidth={2.5} data-testid="activity-map-start" />
        <circle cx={shape.end[0]} cy={shape.end[1]} r={8} fill="var(--mantine-color-red-6)" stroke="white" strokeWidth={2.5} data-testid="activity-map-end" />
        <CursorDot shape={shape} cursor={cursor} />
      </svg>
    </Card>
  );
}

function Legend({ color, label }: { color: string; label: string }) {
  return (
    <Group gap={4}>
      <span style={{ width: 10, height: 10, borderRadius: 5, background: color, display: "inline-block" }} />
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  );
}

/** Where the charts' crosshair is, on the track. */
function CursorDot({ shape, cursor }: { shape: TrackShape; cursor: CursorStore }) {
  const sample = useSyncExternalStore(cursor.subscribe, cursor.get);
  const p = sample === null ? null : shape.pointAt(sample);
  if (!p) return null;
  return <circle cx={p[0]} cy={p[1]} r={6} fill="var(--mantine-color-blue-6)" stroke="white" strokeWidth={2} data-testid="activity-map-cursor" />;
}
