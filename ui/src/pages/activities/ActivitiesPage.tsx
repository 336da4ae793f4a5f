import { useCallback, useEffect, useMemo, useState } from "react";
import { Alert, Button, Center, Group, Loader, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconAlertTriangle, IconFileImport, IconFolderOpen, IconMoodEmpty } from "@tabler/icons-react";
import { useNavigate, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import type { ActivityList, ApiError } from "../../lib/api";
import { acts } from "../../lib/activities/api";
import {
  filtersFromParams,
  isFiltering,
  rangeInvalid,
  sortFromParams,
  toApiFilter,
  withParam,
} from "../../lib/activities/filter";
import { nextSort, sortActivities, type SortKey } from "../../lib/activities/sort";
import { toApiError, useImport } from "../../lib/activities/useImport";
import { useSettings } from "../../lib/settings";
import { ActivitiesTable } from "./ActivitiesTable";
import { AddActivity } from "./AddActivity";
import { ActivityFilters } from "./ActivityFilters";
import { ImportPanel } from "./ImportPanel";
import { TotalsBar } from "./TotalsBar";
import { useActivityTitle } from "./title";

type ListState = { kind: "loading" } | { kind: "ok"; list: ActivityList } | { kind: "error"; error: ApiError };

export function ActivitiesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { settings } = useSettings();
  const imp = useImport();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const sort = useMemo(() => sortFromParams(params), [params]);
  const [state, setState] = useState<ListState>({ kind: "loading" });
  const title = useActivityTitle();

  // Free text is typed into a draft and reaches the URL (and the backend) once typing pauses.
  const [draft, setDraft] = useState(filters.text);
  const [debounced] = useDebouncedValue(draft, 300);
  useEffect(() => {
    if (debounced !== filters.text) setParams((p) => withParam(p, "q", debounced), { replace: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  useEffect(() => {
    if (filters.text !== debounced) setDraft(filters.text);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filters.text]);

  const badRange = rangeInvalid(filters);
  const apiFilter = useMemo(() => toApiFilter(filters), [filters]);
  const filterKey = JSON.stringify(apiFilter);

  useEffect(() => {
    if (badRange) return;
    let alive = true;
    acts
      .listActivities(JSON.parse(filterKey))
      .then((res) => {
        if (!alive) return;
        setState(res.status === "ok" ? { kind: "ok", list: res.data } : { kind: "error", error: res.error });
      })
      .catch((e: unknown) => alive && setState({ kind: "error", error: toApiError(e) }));
    return () => {
      alive = false;
    };
  }, [filterKey, badRange, imp.version]);

  const rows = useMemo(
    () => (state.kind === "ok" ? sortActivities(state.list.activities, sort, title) : []),
    [state, sort, title],
  );

  const update = useCallback(
    (key: string, value: string) => setParams((p) => withParam(p, key, value), { replace: true }),
    [setParams],
  );
  const onSort = (key: SortKey) => {
    const s = nextSort(sort, key);
    setParams((p) => withParam(withParam(p, "sort", s.key), "dir", s.dir), { replace: true });
  };
  const clearFilters = () => {
    setDraft("");
    setParams((p) => {
      const next = new URLSearchParams(p);
      for (const k of ["sports", "from", "to", "q"]) next.delete(k);
      return next;
    });
  };
  const search = params.toString();
  const onOpen = useCallback(
    (id: number) => navigate(`/activities/${id}`, { state: { from: search ? `?${search}` : "" } }),
    [navigate, search],
  );

  const filtering = isFiltering(filters) || draft.trim() !== "";
  const empty = state.kind === "ok" && state.list.totals.count === 0 && state.list.activities.length === 0;

  return (
    <Stack gap="md" h="calc(100dvh - 2 * var(--app-shell-padding, 2rem))" mih={560} data-testid="activities-page">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={2}>
          <Title order={2}>{t("nav.activities")}</Title>
          <Text c="dimmed" size="sm">
            {t("activities.intro")}
          </Text>
        </Stack>
        <Group gap="sm">
          <AddActivity />
          <ImportButtons />
        </Group>
      </Group>

      <ImportPanel />

      {!(empty && !filtering) && (
        <ActivityFilters
          sports={filters.sports}
          from={filters.from}
          to={filters.to}
          text={draft}
          rangeError={badRange}
          filtering={filtering}
          onSports={(s) => update("sports", s.join(","))}
          onFrom={(d) => update("from", d)}
          onTo={(d) => update("to", d)}
          onText={setDraft}
          onClear={clearFilters}
        />
      )}

      {state.kind === "loading" && (
        <Center py="xl">
          <Loader aria-label={t("common.loading")} />
        </Center>
      )}
      {state.kind === "error" && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t("activities.errors.list")} data-testid="activities-error">
          <Text size="sm">{state.error.message}</Text>
        </Alert>
      )}
      {state.kind === "ok" && empty && !filtering && <EmptyState />}
      {state.kind === "ok" && empty && filtering && (
        <Paper withBorder radius="md" p="xl" data-testid="activities-no-match">
          <Stack align="center" gap="sm">
            <IconMoodEmpty size={32} stroke={1.5} />
            <Text>{t("activities.noMatch")}</Text>
            <Button variant="light" onClick={clearFilters}>
              {t("activities.filters.clear")}
            </Button>
          </Stack>
        </Paper>
      )}
      {state.kind === "ok" && !empty && (
        <>
          <TotalsBar totals={state.list.totals} units={settings.units} />
          <ActivitiesTable activities={rows} sort={sort} onSort={onSort} onOpen={onOpen} title={title} units={settings.units} />
        </>
      )}
    </Stack>
  );
}

function ImportButtons() {
  const { t } = useTranslation();
  const { pick, state } = useImport();
  const running = state.kind === "running";
  return (
    <Group gap="sm">
      <Button leftSection={<IconFileImport size={18} />} onClick={() => void pick("files")} disabled={running} data-testid="import-files-button">
        {t("activities.import.files")}
      </Button>
      <Button
        variant="light"
        leftSection={<IconFolderOpen size={18} />}
        onClick={() => void pick("folder")}
        disabled={running}
        data-testid="import-folder-button"
      >
        {t("activities.import.folder")}
      </Button>
    </Group>
  );
}

function EmptyState() {
  const { t } = useTranslation();
  const { pick, state } = useImport();
  return (
    <Paper withBorder radius="lg" p="xl" data-testid="activities-empty">
      <Center>
        <Stack align="center" gap="sm" maw={520} py="lg">
          <ThemeIcon size={64} radius="xl" variant="light">
            <IconFileImport size={34} stroke={1.5} />
          </ThemeIcon>
          <Title order={3} ta="center">
            {t("activities.empty.title")}
          </Title>
          <Text c="dimmed" ta="center">
            {t("activities.empty.body")}
          </Text>
          <Button
            size="md"
            mt="xs"
            leftSection={<IconFileImport size={18} />}
            onClick={() => void pick("files")}
            disabled={state.kind === "running"}
            data-testid="empty-import-button"
          >
            {t("activities.import.files")}
          </Button>
          <Text size="xs" c="dimmed">
            {t("activities.empty.drop")}
          </Text>
        </Stack>
      </Center>
    </Paper>
  );
}

