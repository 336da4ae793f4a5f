// The plan's calendar, by month or by week: each day with its sessions
// (coloured by kind, with their status), which can be dragged to another day.
import { ActionIcon, Badge, Box, Button, Card, Group, SegmentedControl, SimpleGrid, Stack, Text, Tooltip } from "@mantine/core";
import { IconCalendar, IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useMemo, useRef, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import type { PlanView, PlannedWorkout } from "../../lib/api";
import { WEEKDAYS, addDaysIso, mondayOf } from "../../lib/goalForm";
import {
  addMonths,
  capitalize,
  formatDay,
  formatKm,
  formatSessionTime,
  initialCalendarDay,
  kindColor,
  monthGrid,
  monthStart,
  planRange,
  statusColor,
  weekDays,
  workoutsByDate,
  type CalendarView,
} from "../../lib/plan";
import { useSettings } from "../../lib/settings";
import { CardTitle } from "../dashboard/parts";

const DRAG_TYPE = "application/x-tempo-workout";

export function PlanCalendar({
  plan,
  today,
  onOpen,
  onMove,
  focus,
}: {
  plan: PlanView;
  today: string;
  onOpen: (id: number) => void;
  onMove: (id: number, date: string) => void;
  /** A day to show (a week picked in the week list), with a counter so the same day can be asked again. */
  focus?: { day: string; n: number } | null;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [view, setView] = useState<CalendarView>("month");
  const [anchor, setAnchor] = useState(() => initialCalendarDay(plan, today));
  const [focusSeen, setFocusSeen] = useState(0);
  const [over, setOver] = useState<string | null>(null);
  const dragged = useRef<number | null>(null);
  const range = planRange(plan);
  const byDate = useMemo(() => workoutsByDate(plan.workouts), [plan.workouts]);

  // A week chosen in the list below: show it, by week.
  if (focus && focus.n !== focusSeen) {
    setFocusSeen(focus.n);
    setAnchor(focus.day);
    setView("week");
  }

  const rows = view === "month" ? monthGrid(anchor) : [weekDays(mondayOf(anchor))];
  const month = anchor.slice(0, 7);
  const inPlan = (d: string) => !!range && range.first <= d && d <= range.last;

  const move = (delta: number) => setAnchor((a) => (view === "month" ? addMonths(monthStart(a), delta) : addDaysIso(mondayOf(a), 7 * delta)));

  const title = capitalize(
    view === "month"
      ? formatDay(monthStart(anchor), locale, { month: "long", year: "numeric" })
      : t("plan.calendar.weekOf", { date: formatDay(mondayOf(anchor), locale, { day: "numeric", month: "long", year: "numeric" }) }),
    locale,
  );

  const drop = (e: DragEvent, day: string) => {
    e.preventDefault();
    setOver(null);
    const raw = e.dataTransfer?.getData?.(DRAG_TYPE) || e.dataTransfer?.getData?.("text/plain");
    const id = raw ? Number(raw) : dragged.current;
    dragged.current = null;
    if (id === null || !Number.isFinite(id)) return;
    const w = plan.workouts.find((x) => x.id === id);
    if (w && w.workout.date !== day) onMove(id, day);
  };

  return (
    <Card withBorder radius="lg" padding="lg" data-testid="calendar" data-view={view} data-anchor={anchor}>
      <CardTitle icon={IconCalendar} title={t("plan.calendar.title")}>
        <SegmentedControl
          size="xs"
          value={view}
          onChange={(v) => setView(v as CalendarView)}
          data={[
            { value: "month", label: t("plan.calendar.month") },
            { value: "week", label: t("plan.calendar.week") },
          ]}
          data-testid="calendar-view"
        />
      </CardTitle>
      <Group justify="space-between" mb="sm">
        <Group gap={4}>
          <ActionIcon variant="default" onClick={() => move(-1)} aria-label={t("plan.calendar.prev")} data-testid="calendar-prev">
            <IconChevronLeft size={16} />
          </ActionIcon>
          <ActionIcon variant="default" onClick={() => move(1)} aria-label={t("plan.calendar.next")} data-testid="calendar-next">
            <IconChevronRight size={16} />
          </ActionIcon>
          <Button variant="subtle" size="xs" onClick={() => setAnchor(initialCalendarDay(plan, today))} data-testid="calendar-today">
            {t("plan.calendar.today")}
          </Button>
        </Group>
        <Text fw={600} data-testid="calendar-title">
          {title}
        </Text>
        <Text size="xs" c="dimmed">
          {t("plan.calendar.dragHint")}
        </Text>
      </Group>
      <SimpleGrid cols={7} spacing={4} verticalSpacing={4}>
        {WEEKDAYS.map((d) => (
          <Text key={d} size="xs" c="dimmed" fw={600} ta="center">
            {t(`plan.weekday.short.${d}`)}
          </Text>
        ))}
        {rows.flat().map((day) => {
          const list = byDate.get(day) ?? [];
          const droppable = inPlan(day);
          const dim = view === "month" && day.slice(0, 7) !== month;
          return (
            <Box
              key={day}
              data-testid="calendar-day"
              data-date={day}
              data-in-plan={droppable || undefined}
              data-today={day === today || undefined}
              onDragOver={(e) => {
                if (!droppable) return;
                e.preventDefault();
                if (e.dataTransfer) e.dataTransfer.dropEffect = "move";
                if (over !== day) setOver(day);
              }}
              onDragLeave={() => over === day && setOver(null)}
              onDrop={(e) => droppable && drop(e, day)}
              style={{
                minHeight: view === "month" ? 92 : 220,
                padding: 4,
                borderRadius: "var(--mantine-radius-sm)",
                border: `1px ${over === day ? "dashed var(--mantine-primary-color-filled)" : "solid var(--mantine-color-default-border)"}`,
                background: droppable ? (over === day ? "var(--mantine-primary-color-light)" : undefined) : "var(--mantine-color-default-hover)",
                opacity: dim ? 0.55 : 1,
              }}
            >
              <Text size="xs" fw={day === today ? 700 : 500} c={day === today ? "teal" : "dimmed"} mb={2}>
                {view === "week" ? formatDay(day, locale, { weekday: "short", day: "numeric", month: "short" }) : Number(day.slice(8))}
              </Text>
              <Stack gap={3}>
                {list.map((w) => (
                  <WorkoutChip
                    key={w.id}
                    w={w}
                    detailed={view === "week"}
                    onOpen={() => onOpen(w.id)}
                    onDragStart={(e) => {
                      dragged.current = w.id;
                      if (e.dataTransfer) {
                        e.dataTransfer.effectAllowed = "move";
                        e.dataTransfer.setData(DRAG_TYPE, String(w.id));
                        e.dataTransfer.setData("text/plain", String(w.id));
                      }
                    }}
                    onDragEnd={() => {
                      dragged.current = null;
                      setOver(null);
                    }}
                  />
                ))}
              </Stack>
            </Box>
          );
        })}
      </SimpleGrid>
    </Card>
  );
}

function WorkoutChip({
  w,
  detailed,
  onOpen,
  onDragStart,
  onDragEnd,
}: {
  w: PlannedWorkout;
  detailed: boolean;
  onOpen: () => void;
  onDragStart: (e: DragEvent) => void;
  onDragEnd: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { settings } = useSettings();
  const color = kindColor(w.workout.kind);
  const figures = [
    w.workout.est_duration_s > 0 ? formatSessionTime(w.workout.est_duration_s) : null,
    w.workout.est_distance_m > 0 ? formatKm(w.workout.est_distance_m, i18n.language, settings.units) : null,
  ]
    .filter(Boolean)
    .join(" · ");
  const skipped = w.status === "skipped";
  return (
    <Tooltip label={<span lang="en">{w.workout.title}</span>} openDelay={400} disabled={detailed}>
      <Box
        role="button"
        tabIndex={0}
        draggable
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onClick={onOpen}
        onKeyDown={(e) => {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            onOpen();
          }
        }}
        aria-label={`${t(`plan.workoutKind.${w.workout.kind}`, { defaultValue: w.workout.kind })}: ${w.workout.title}`}
        data-testid="planned-workout"
        data-id={w.id}
        data-date={w.workout.date}
        data-status={w.status}
        data-kind={w.workout.kind}
        style={{
          cursor: "grab",
          padding: "2px 6px",
          borderRadius: 6,
          borderLeft: `4px solid var(--mantine-color-${color}-6)`,
          background: `var(--mantine-color-${color}-light)`,
          opacity: skipped ? 0.55 : 1,
          textDecoration: skipped ? "line-through" : undefined,
        }}
      >
        <Group gap={4} justify="space-between" wrap="nowrap">
          <Text size="xs" fw={600} c={`${color}.8`} truncate>
            {t(`plan.workoutKind.${w.workout.kind}`, { defaultValue: w.workout.kind })}
          </Text>
          {w.status !== "planned" && (
            <Badge size="xs" variant="filled" color={statusColor(w.status)} data-testid="workout-status" px={4} style={{ flex: "none" }}>
              {t(`plan.status.${w.status}`, { defaultValue: w.status })}
            </Badge>
          )}
        </Group>
        {detailed && (
          <Text size="xs" lang="en" lineClamp={2}>
            {w.workout.title}
          </Text>
        )}
        {figures && (
          <Text size="xs" c="dimmed" style={{ fontVariantNumeric: "tabular-nums" }}>
            {figures}
          </Text>
        )}
      </Box>
    </Tooltip>
  );
}
