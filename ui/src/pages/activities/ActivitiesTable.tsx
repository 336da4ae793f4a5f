import { memo, useRef, type KeyboardEvent } from "react";
import { Badge, Group, Table, Text, UnstyledButton } from "@mantine/core";
import { IconChevronDown, IconChevronUp, IconPencil } from "@tabler/icons-react";
import { observeElementRect, useVirtualizer } from "@tanstack/react-virtual";
import { useTranslation } from "react-i18next";
import type { Units } from "../../bindings";
import { SportIcon } from "../../components/SportIcon";
import type { ActivitySummary } from "../../lib/api";
import {
  fmtNum,
  formatDistance,
  formatDuration,
  formatElevation,
  formatSpeed,
  formatListDate,
  formatStart,
} from "../../lib/activities/format";
import type { Sort, SortKey } from "../../lib/activities/sort";
import { rpeAnchor, rpeColor } from "../../lib/feedback";

export const ROW_HEIGHT = 44;
/** The height assumed until the box has one (before layout): a screenful of rows, not none. */
const FALLBACK_HEIGHT = 640;

type Column = { key: SortKey; width?: number; numeric?: boolean };

// Sized for the default 1280 px window (984 px of table); the name takes what is left.
const COLUMNS: Column[] = [
  { key: "date", width: 122 },
  { key: "sport", width: 124 },
  { key: "name" },
  { key: "distance", width: 92, numeric: true },
  { key: "duration", width: 96, numeric: true },
  { key: "speed", width: 124, numeric: true },
  { key: "hr", width: 84, numeric: true },
  { key: "ascent", width: 84, numeric: true },
  { key: "power", width: 84, numeric: true },
];

type Props = {
  activities: ActivitySummary[];
  sort: Sort;
  onSort: (key: SortKey) => void;
  onOpen: (id: number) => void;
  title: (a: ActivitySummary) => string;
  units: Units;
};

/** The activity list: only the rows in view are in the page, so 10,000 scroll as fast as 10. */
export function ActivitiesTable({ activities, sort, onSort, onOpen, title, units }: Props) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: activities.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (i) => activities[i]?.id ?? i,
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : { width: rect.width, height: FALLBACK_HEIGHT })),
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items.length > 0 ? items[0].start : 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;

  return (
    <div
      ref={scrollRef}
      data-testid="activities-scroll"
      style={{ flex: 1, minHeight: 280, overflow: "auto", borderRadius: "var(--mantine-radius-md)" }}
      className="tempo-table-scroll"
    >
      <Table
        data-testid="activities-table"
        stickyHeader
        highlightOnHover
        verticalSpacing={0}
        horizontalSpacing={8}
        fz="sm"
        aria-rowcount={activities.length + 1}
        style={{ tableLayout: "fixed", minWidth: 960 }}
      >
        <colgroup>
          {COLUMNS.map((c) => (
            <col key={c.key} style={c.width ? { width: c.width } : undefined} />
          ))}
        </colgroup>
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((c) => (
              <HeaderCell
                key={c.key}
                column={c}
                sort={sort}
                onSort={onSort}
                label={t(`activities.columns.${c.key}`)}
                hint={t(`activities.columnHints.${c.key}`)}
              />
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {padTop > 0 && (
            <tr aria-hidden>
              <td colSpan={COLUMNS.length} style={{ height: padTop, padding: 0, border: 0 }} />
            </tr>
          )}
          {items.map((item) => {
            const a = activities[item.index];
            return (
              <Row
                key={item.key}
                a={a}
                rowIndex={item.index + 2}
                title={title(a)}
                units={units}
                onOpen={onOpen}
              />
            );
          })}
          {padBottom > 0 && (
            <tr aria-hidden>
              <td colSpan={COLUMNS.length} style={{ height: padBottom, padding: 0, border: 0 }} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function HeaderCell({
  column,
  sort,
  onSort,
  label,
  hint,
}: {
  column: Column;
  sort: Sort;
  onSort: (key: SortKey) => void;
  label: string;
  hint: string;
}) {
  const active = sort.key === column.key;
  const Icon = sort.dir === "asc" ? IconChevronUp : IconChevronDown;
  return (
    <Table.Th
      aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}
      style={{ padding: 0, whiteSpace: "nowrap" }}
    >
      <UnstyledButton
        onClick={() => onSort(column.key)}
        data-testid={`sort-${column.key}`}
        title={hint}
        w="100%"
        px={8}
        py={10}
        fz={13}
        fw={600}
      >
        <Group gap={4} wrap="nowrap" justify={column.numeric ? "flex-end" : "flex-start"}>
          <span style={{ overflow: "hidden", textOverflow: "ellipsis" }}>{label}</span>
          {active && <Icon size={14} stroke={1.8} style={{ flexShrink: 0 }} />}
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

/** A figure with a smaller, dimmed one under it (the time under the day, elapsed under moving). */
function TwoLines({ top, bottom, bottomTitle }: { top: string; bottom: string | null; bottomTitle?: string }) {
  return (
    <div style={{ lineHeight: 1.2, overflow: "hidden", textOverflow: "ellipsis" }}>
      {top}
      {bottom && (
        <Text c="dimmed" fz={11} lh={1.2} truncate title={bottomTitle}>
          {bottom}
        </Text>
      )}
    </div>
  );
}

const cell = { whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" } as const;
const num = { ...cell, textAlign: "right", fontVariantNumeric: "tabular-nums" } as const;

/** One row; memoised, so scrolling renders only the rows coming into view. */
const Row = memo(function Row({
  a,
  rowIndex,
  title,
  units,
  onOpen,
}: {
  a: ActivitySummary;
  rowIndex: number;
  title: string;
  units: Units;
  onOpen: (id: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const tt = a.totals;
  const when = formatListDate(a.start, a.utc_offset_s, locale);
  const moving = tt.moving_s ?? tt.timer_s;
  const elapsed = tt.elapsed_s;
  const dash = "—";
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onOpen(a.id);
    }
  };
  return (
    <Table.Tr
      data-testid="activity-row"
      data-activity-id={a.id}
      aria-rowindex={rowIndex}
      tabIndex={0}
      onClick={() => onOpen(a.id)}
      onKeyDown={onKey}
      style={{ height: ROW_HEIGHT, cursor: "pointer" }}
    >
      <Table.Td style={cell} title={formatStart(a.start, a.utc_offset_s, locale)}>
        <TwoLines top={when.day} bottom={when.time} />
      </Table.Td>
      <Table.Td style={cell}>
        <Group gap={6} wrap="nowrap">
          <SportIcon sport={a.sport} />
          <span style={cell}>{t(`activities.sport.${a.sport}`, { defaultValue: a.sport })}</span>
        </Group>
      </Table.Td>
      <Table.Td style={cell} title={title}>
        <Group gap={6} wrap="nowrap">
          <Text span fw={500} size="sm" style={cell}>
            {title}
          </Text>
          <EntryMarks a={a} />
        </Group>
      </Table.Td>
      <Table.Td style={num}>{tt.distance_m ? formatDistance(tt.distance_m, locale, units) : dash}</Table.Td>
      <Table.Td style={num}>
        <TwoLines
          top={moving !== null ? formatDuration(moving) : elapsed !== null ? formatDuration(elapsed) : dash}
          bottom={moving !== null && elapsed !== null && elapsed - moving >= 60 ? formatDuration(elapsed) : null}
          bottomTitle={t("activities.stats.elapsed")}
        />
      </Table.Td>
      <Table.Td style={num}>{tt.avg_speed_mps ? formatSpeed(tt.avg_speed_mps, a.sport, locale, units) : dash}</Table.Td>
      <Table.Td style={num}>{tt.avg_hr !== null ? fmtNum(tt.avg_hr, locale, 0) : dash}</Table.Td>
      <Table.Td style={num}>{tt.ascent_m !== null ? formatElevation(tt.ascent_m, locale, units) : dash}</Table.Td>
      <Table.Td style={num}>{tt.avg_power_w !== null ? fmtNum(tt.avg_power_w, locale, 0) : dash}</Table.Td>
    </Table.Tr>
  );
});

/** After the name: the athlete's RPE, and a pencil for a session entered by hand. */
function EntryMarks({ a }: { a: ActivitySummary }) {
  const { t } = useTranslation();
  return (
    <>
      {a.rpe != null && (
        <Badge
          size="xs"
          variant="light"
          color={rpeColor(a.rpe)}
          style={{ flexShrink: 0 }}
          title={t(`feedback.rpe.anchors.${rpeAnchor(a.rpe)}`)}
          data-testid="activity-row-rpe"
        >
          {t("feedback.rpe.badge", { value: a.rpe })}
        </Badge>
      )}
      {a.manual && (
        <span title={t("entry.manualBadge")} data-testid="activity-row-manual" style={{ display: "inline-flex", flexShrink: 0 }}>
          <IconPencil size={14} stroke={1.7} aria-label={t("entry.manualBadge")} />
        </span>
      )}
    </>
  );
}
