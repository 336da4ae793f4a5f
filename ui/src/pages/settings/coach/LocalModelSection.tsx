import { Alert, Anchor, Badge, Button, Card, Code, Group, Progress, Stack, Text, Title } from "@mantine/core";
import { Channel } from "@tauri-apps/api/core";
import { IconDownload, IconFile, IconPlayerStop } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";

/** The progress type the generated `coachDownloadModel` channel is declared with. */
type DownloadWire = Parameters<typeof commands.coachDownloadModel>[1] extends Channel<infer T> ? T : never;
import type { ApiError } from "../../../lib/api";
import { configToInput, type CoachConfig, type DownloadProgress, type RecommendedModel } from "../../../lib/coach";
import { formatModelSize } from "../../../lib/coachForm";
import { run } from "../../../lib/ownData";

type Download = { id: string; progress: DownloadProgress | null; cancelling: boolean };

/** The model that runs on this computer: the current file, another one, or a recommended download. */
export function LocalModelSection({ config, onSaved }: { config: CoachConfig; onSaved: (c: CoachConfig) => void }) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [choosing, setChoosing] = useState(false);

  /** Saves the configuration with this file as the local model (and the local provider active). */
  const useFile = async (path: string) => {
    const res = await run(() => commands.coachSetConfig({ ...configToInput(config), active: "local", local_model_path: path }));
    if (res.status === "ok") onSaved(res.data);
    else setFailure(res.error);
  };

  const choose = async () => {
    setChoosing(true);
    setFailure(null);
    const res = await run(() => commands.coachChooseModelFile());
    setChoosing(false);
    if (res.status === "error") return setFailure(res.error);
    if (res.data) await useFile(res.data);
  };

  return (
    <Stack gap="md" data-testid="coach-local-model">
      <Title order={4}>{t("coach.settings.local.title")}</Title>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <IconFile size={18} style={{ flexShrink: 0, marginTop: 2 }} />
        <Stack gap={4} style={{ minWidth: 0 }}>
          {config.local_model_path ? (
            <Code style={{ overflowWrap: "anywhere" }} data-testid="coach-local-path">
              {config.local_model_path}
            </Code>
          ) : (
            <Text size="sm" c="dimmed" data-testid="coach-local-path">
              {t("coach.settings.local.none")}
            </Text>
          )}
          {config.local_model_path && (
            <Badge variant="light" color={config.local_model_ready ? "teal" : "red"} tt="none" data-testid="coach-local-ready">
              {config.local_model_ready ? t("coach.settings.local.ready") : t("coach.settings.local.notReady")}
            </Badge>
          )}
        </Stack>
      </Group>
      <Group>
        <Button variant="default" onClick={() => void choose()} loading={choosing} data-testid="coach-local-choose">
          {t("coach.settings.local.choose")}
        </Button>
      </Group>
      {failure && (
        <Alert color="red" variant="light" data-testid="coach-local-error">
          {failure.message}
        </Alert>
      )}
      <RecommendedModels current={config.local_model_path} onDownloaded={(path) => void useFile(path)} />
    </Stack>
  );
}

/** Models known to run well here, with their licence; Download (resumable), Cancel. */
function RecommendedModels({ current, onDownloaded }: { current: string | null; onDownloaded: (path: string) => void }) {
  const { t, i18n } = useTranslation();
  const [models, setModels] = useState<RecommendedModel[] | null>(null);
  const [download, setDownload] = useState<Download | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    void run(() => commands.coachRecommendedModels()).then((res) => {
      if (!alive) return;
      if (res.status === "ok") setModels(res.data);
      else setFailure(res.error.message);
    });
    return () => {
      alive = false;
    };
  }, []);

  const start = async (m: RecommendedModel) => {
    setFailure(null);
    setDownload({ id: m.id, progress: null, cancelling: false });
    const res = await run(() => {
      const channel = new Channel<DownloadWire>();
      // Rust sends every field; the generated channel type is the looser one.
      channel.onmessage = (wire) => {
        const progress = wire as DownloadProgress;
        setDownload((d) => (d && d.id === m.id ? { ...d, progress } : d));
      };
      return commands.coachDownloadModel(m.id, channel);
    });
    setDownload(null);
    if (res.status === "error") {
      // A cancelled download is no failure; the partial file is kept, so Download resumes it.
      if ((res.error.code as string) !== "cancelled") setFailure(res.error.message);
      return;
    }
    setModels((ms) => ms?.map((x) => (x.id === m.id ? { ...x, path: res.data } : x)) ?? ms);
    onDownloaded(res.data);
  };

  const cancel = async () => {
    setDownload((d) => d && { ...d, cancelling: true });
    await run(() => commands.coachCancelDownload());
  };

  const locale = i18n.language;
  return (
    <Stack gap="sm" data-testid="coach-recommended">
      <Text fw={600} size="sm">
        {t("coach.settings.local.recommended")}
      </Text>
      {failure && (
        <Alert color="red" variant="light" data-testid="coach-download-error">
          {failure}
        </Alert>
      )}
      {models?.map((m) => {
        const mine = download?.id === m.id ? download : null;
        const p = mine?.progress;
        const pct = p && p.total ? Math.min(100, ((p.done ?? 0) / p.total) * 100) : 0;
        const selected = m.path !== null && m.path === current;
        return (
          <Card key={m.id} withBorder radius="md" padding="sm" data-testid="coach-recommended-model" data-model-id={m.id}>
            <Stack gap={6}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap="xs">
                    <Text fw={600} size="sm">
                      {m.name}
                    </Text>
                    <Badge variant="outline" color="gray" tt="none">
                      {formatModelSize(m.size_bytes ?? 0, locale)}
                    </Badge>
                    {selected && (
                      <Badge variant="light" color="teal" tt="none" data-testid="coach-model-selected">
                        {t("coach.settings.local.selected")}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {m.note}
                  </Text>
                  <Anchor href={m.license_url} target="_blank" rel="noreferrer noopener" size="xs">
                    {t("coach.settings.local.license", { license: m.license })}
                  </Anchor>
                </Stack>
                {mine ? (
                  <Button
                    size="xs"
                    color="red"
                    variant="light"
                    leftSection={<IconPlayerStop size={14} />}
                    onClick={() => void cancel()}
                    loading={mine.cancelling}
                    data-testid="coach-download-cancel"
                  >
                    {t("coach.settings.local.cancel")}
                  </Button>
                ) : m.path ? (
                  !selected && (
                    <Button size="xs" variant="default" onClick={() => onDownloaded(m.path!)} data-testid="coach-model-use">
                      {t("coach.settings.local.use")}
                    </Button>
                  )
                ) : (
                  <Button
                    size="xs"
                    leftSection={<IconDownload size={14} />}
                    onClick={() => void start(m)}
                    disabled={download !== null}
                    data-testid="coach-download"
                  >
                    {t("coach.settings.local.download")}
                  </Button>
                )}
              </Group>
              {mine && (
                <Stack gap={2}>
                  <Progress value={pct} animated={!p?.total} data-testid="coach-download-progress" data-done={p?.done ?? 0} data-total={p?.total ?? ""} />
                  <Text size="xs" c="dimmed" data-testid="coach-download-text">
                    {p
                      ? p.total
                        ? t("coach.settings.local.progress", {
                            done: formatModelSize(p.done ?? 0, locale),
                            total: formatModelSize(p.total, locale),
                            percent: Math.floor(pct),
                          })
                        : formatModelSize(p.done ?? 0, locale)
                      : t("coach.settings.local.starting")}
                  </Text>
                </Stack>
              )}
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}
