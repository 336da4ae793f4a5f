import { useCallback, useEffect, useMemo, useState } from "react";
import { AskCoachButton } from "../../components/AskCoachButton";
import { Alert, Anchor, Badge, Center, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconArrowLeft, IconDeviceWatch, IconPencil } from "@tabler/icons-react";
import { Link, useLocation, useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { SportIcon, sportColor } from "../../components/SportIcon";
import type { ActivityDetail, ActivityMetrics, ApiError, Streams } from "../../lib/api";
import { acts } from "../../lib/activities/api";
import { createCursorStore } from "../../lib/activities/chart";
import { formatStart } from "../../lib/activities/format";
import { toApiError } from "../../lib/activities/useImport";
import type { Feedback } from "../../lib/feedback";
import { useSettings } from "../../lib/settings";
import { ActivityCharts } from "./detail/ActivityCharts";
import { DeleteActivity } from "./detail/DeleteActivity";
import { Disagreements } from "./detail/Disagreements";
import { EditActivity, EditedMark } from "./detail/EditActivity";
import { FeedbackCard } from "./detail/FeedbackCard";
import { LapsTable } from "./detail/LapsTable";
import { MetricsPanel } from "./detail/MetricsPanel";
import { SourcesList } from "./detail/SourcesList";
import { StatCards } from "./detail/StatCards";
import { SwimLengths } from "./detail/SwimLengths";
import { TrackMap } from "./detail/TrackMap";
import { activityTitle } from "./title";

type Load<T> = { kind: "loading" } | { kind: "ok"; data: T } | { kind: "error"; error: ApiError };

/** Where the list was (its filters), to go back to it. */
export function listHref(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === "string" && from.startsWith("?") ? `/activities${from}` : "/activities";
}

export function ActivityDetailPage() {
  const { t, i18n } = useTranslation();
  const { settings } = useSettings();
  const { id: idParam = "" } = useParams();
  const location = useLocation();
  const back = listHref(location.state);
  const id = Number(idParam);
  const [detail, setDetail] = useState<Load<ActivityDetail>>({ kind: "loading" });
  const [streams, setStreams] = useState<Load<Streams>>({ kind: "loading" });
  const [metrics, setMetrics] = useState<Load<ActivityMetrics>>({ kind: "loading" });
  // Bumped after an edit or new feedback: the sport, the load flag and the RPE all change the metrics.
  const [metricsVersion, setMetricsVersion] = useState(0);
  const cursor = useMemo(() => createCursorStore(), []);

  useEffect(() => {
    let alive = true;
    setDetail({ kind: "loading" });
    setStreams({ kind: "loading" });
    if (!Number.isSafeInteger(id)) {
      setDetail({ kind: "error", error: { code: "not_found", message: idParam, field: null } });
      return;
    }
    acts
      .getActivity(id)
      .then((r) => alive && setDetail(r.status === "ok" ? { kind: "ok", data: r.data } : { kind: "error", error: r.error }))
      .catch((e: unknown) => alive && setDetail({ kind: "error", error: toApiError(e) }));
    acts
      .activityStreams(id)
      .then((r) => alive && setStreams(r.status === "ok" ? { kind: "ok", data: r.data } : { kind: "error", error: r.error }))
      .catch((e: unknown) => alive && setStreams({ kind: "error", error: toApiError(e) }));
    return () => {
      alive = false;
    };
  }, [id, idParam]);

  // Metrics load on their own: the rest of the page never waits for them.
  useEffect(() => {
    let alive = true;
    setMetrics({ kind: "loading" });
    if (!Number.isSafeInteger(id)) return;
    Promise.resolve()
      .then(() => acts.activityMetrics(id))
      .then((r) => alive && setMetrics(r.status === "ok" ? { kind: "ok", data: r.data } : { kind: "error", error: r.error }))
      .catch((e: unknown) => alive && setMetrics({ kind: "error", error: toApiError(e) }));
    return () => {
      alive = false;
    };
  }, [id, metricsVersion]);

  const onEdited = useCallback((data: ActivityDetail) => {
    setDetail({ kind: "ok", data });
    setMetricsVersion((v) => v + 1);
  }, []);
  const onFeedback = useCallback((f: Feedback) => {
    setDetail((cur) => (cur.kind === "ok" ? { kind: "ok", data: { ...cur.data, notes: f.notes, summary: { ...cur.data.summary, rpe: f.rpe } } } : cur));
    setMetricsVersion((v) => v + 1);
  }, []);

  const backLink = (
    <Anchor
      component={Link}
      to={back}
      size="sm"
      data-testid="activity-back"
      style={{ display: "inline-flex", alignItems: "center", gap: 4, alignSelf: "flex-start" }}
    >
      <IconArrowLeft size={16} />
      {t("activities.detail.back")}
    </Anchor>
  );

  if (detail.kind === "loading")
    return (
      <Stack gap="lg">
        {backLink}
        <Center py="xl">
          <Loader aria-label={t("common.loading")} />
        </Center>
      </Stack>
    );
  if (detail.kind === "error")
    return (
      <Stack gap="lg" maw={760}>
        {backLink}
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t("activities.errors.detail")} data-testid="activity-error" data-code={detail.error.code}>
          <Text size="sm">{detail.error.code === "not_found" ? t("activities.errors.notFound") : detail.error.message}</Text>
        </Alert>
      </Stack>
    );

  const d = detail.data;
  const a = d.summary;
  const locale = i18n.language;
  const title = activityTitle(a, t, locale);
  const s = streams.kind === "ok" ? streams.data : null;
  const hasTrack = !!s?.lat && !!s?.lon && s.lat.some((v) => v !== null);

  return (
    <Stack gap="md" maw={1200} data-testid="activity-detail" data-activity-id={a.id}>
      {backLink}
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap">
            <SportIcon sport={a.sport} size={26} />
            <Title order={2} data-testid="activity-title" style={{ overflowWrap: "anywhere" }}>
              {title}
            </Title>
            <EditedMark field="name" edited={d.edited} />
          </Group>
          <Group gap="xs">
            <Text c="dimmed" size="sm" data-testid="activity-date">
              {formatStart(a.start, a.utc_offset_s, locale)}
            </Text>
            <Badge variant="light" color={sportColor(a.sport)} radius="sm" data-testid="activity-sport">
              {t(`activities.sport.${a.sport}`, { defaultValue: a.sport })}
            </Badge>
            <EditedMark field="sport" edited={d.edited} />
            {a.sub_sport && a.sub_sport !== "generic" && (
              <Badge variant="outline" color="gray" radius="sm">
                {t(`activities.subSport.${a.sub_sport}`, { defaultValue: a.sub_sport })}
              </Badge>
            )}
            {a.device && (
              <Group gap={4} data-testid="activity-device">
                <IconDeviceWatch size={16} stroke={1.6} />
                <Text size="sm" c="dimmed">
                  {a.device}
                </Text>
              </Group>
            )}
            <EntryFlags detail={d} />
          </Group>
          {d.description && (
            <Group gap="xs" align="flex-start" wrap="nowrap">
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="activity-description">
                {d.description}
              </Text>
              <EditedMark field="description" edited={d.edited} />
            </Group>
          )}
        </Stack>
        <Group gap="sm" wrap="nowrap">
          <AskCoachButton about={{ kind: "activity", id: a.id }} />
          <EditActivity detail={d} onSaved={onEdited} />
          <DeleteActivity id={a.id} title={title} back={back} />
        </Group>
      </Group>

      <StatCards detail={d} units={settings.units} />
      <FeedbackCard id={a.id} rpe={a.rpe} notes={d.notes} onSaved={onFeedback} />
      <Disagreements items={d.disagreements} sport={a.sport} units={settings.units} />
      <MetricsPanel state={metrics} units={settings.units} />

      {streams.kind === "loading" && (
        <Center py="md">
          <Loader size="sm" aria-label={t("common.loading")} />
        </Center>
      )}
      {streams.kind === "error" && (
        <Alert color="red" variant="light" title={t("activities.errors.streams")} data-testid="streams-error">
          {streams.error.message}
        </Alert>
      )}
      {s && hasTrack && <TrackMap lat={s.lat!} lon={s.lon!} cursor={cursor} />}
      {s && <ActivityCharts streams={s} sport={a.sport} units={settings.units} activityId={a.id} cursor={cursor} />}

      <LapsTable laps={d.laps} sport={a.sport} units={settings.units} />
      <SwimLengths lengths={d.lengths} poolLengthM={d.pool_length_m} />
      <SourcesList sources={d.sources} />
    </Stack>
  );
}

/** Badges for what the athlete decided about this activity: typed by hand, kept out of the load or of exports. */
function EntryFlags({ detail: d }: { detail: ActivityDetail }) {
  const { t } = useTranslation();
  return (
    <>
      {d.summary.manual && (
        <Badge variant="light" color="gray" radius="sm" leftSection={<IconPencil size={12} />} data-testid="activity-manual">
          {t("entry.manualBadge")}
        </Badge>
      )}
      {!d.counts_for_load && (
        <Group gap={4} wrap="nowrap">
          <Badge variant="light" color="yellow" radius="sm" data-testid="activity-no-load">
            {t("entry.edit.notCounted")}
          </Badge>
          <EditedMark field="counts_for_load" edited={d.edited} />
        </Group>
      )}
      {d.exclude_from_export && (
        <Badge variant="light" color="gray" radius="sm" data-testid="activity-no-export">
          {t("entry.edit.excluded")}
        </Badge>
      )}
    </>
  );
}
