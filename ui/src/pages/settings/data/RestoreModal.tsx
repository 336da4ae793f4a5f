import { Alert, Button, Code, Group, List, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import type { ApiError } from "../../../lib/api";
import { run, unrestorableReason, type RestoreReport } from "../../../lib/ownData";
import { page } from "../../../lib/reload";

/** The backup the athlete picked: from the list or from a file. */
export type RestoreTarget = { path: string; name: string };

type Step =
  | { kind: "confirm" }
  | { kind: "restoring" }
  | { kind: "failed"; error: ApiError }
  | { kind: "done"; report: RestoreReport };

// Every view holds data read from the old database: start over from scratch.
const reloadApp = () => page.reload();

/**
 * Confirms a restore, runs it, then shows what happened. The backend backs the
 * current database up before replacing it, so the confirmation says the restore
 * can be undone from that safety backup.
 */
export function RestoreModal({ target, onClose }: { target: RestoreTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: "confirm" });

  useEffect(() => {
    if (target) setStep({ kind: "confirm" });
  }, [target]);

  const restore = async () => {
    if (!target) return;
    setStep({ kind: "restoring" });
    const res = await run(() => commands.restoreBackup(target.path));
    setStep(res.status === "ok" ? { kind: "done", report: res.data } : { kind: "failed", error: res.error });
  };

  // Once restored, the data on screen is stale: closing reloads the app.
  const close = step.kind === "done" ? reloadApp : step.kind === "restoring" ? () => {} : onClose;

  return (
    <Modal
      opened={target !== null}
      onClose={close}
      title={t(step.kind === "done" ? "data.restore.doneTitle" : "data.restore.title")}
      centered
      size="lg"
      data-testid="restore-modal"
    >
      {target && step.kind === "done" && <RestoreDone report={step.report} />}
      {target && step.kind !== "done" && (
        <Stack gap="md">
          <Text size="sm">{t("data.restore.body")}</Text>
          <Code block data-testid="restore-file">
            {target.name}
          </Code>
          <Alert color="blue" variant="light" data-testid="restore-safety-note">
            {t("data.restore.safety")}
          </Alert>
          {step.kind === "failed" && <RestoreError error={step.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={step.kind === "restoring"} data-testid="restore-cancel">
              {t(step.kind === "failed" ? "data.close" : "data.cancel")}
            </Button>
            {!(step.kind === "failed" && unrestorableReason(step.error)) && (
              <Button color="orange" onClick={() => void restore()} loading={step.kind === "restoring"} data-testid="restore-confirm">
                {t("data.restore.confirm")}
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function RestoreError({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  const reason = unrestorableReason(error);
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={t(reason ? "data.restore.unrestorable" : "data.restore.failed")}
      data-testid="restore-error"
      data-code={error.code}
    >
      <Stack gap={4}>
        {reason && <Text size="sm">{t(`data.restore.why.${reason}`)}</Text>}
        <Text size="sm" lang="en" data-testid="restore-error-message">
          {error.message}
        </Text>
        <Text size="sm" fw={600}>
          {t("data.restore.unchanged")}
        </Text>
      </Stack>
    </Alert>
  );
}

function RestoreDone({ report }: { report: RestoreReport }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md" data-testid="restore-report">
      <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />}>
        {t("data.restore.done", { count: report.activities })}
      </Alert>
      <List size="sm" spacing={4}>
        <List.Item>
          {t("data.restore.safetyBackup")} <Code data-testid="restore-safety-backup">{report.safety_backup.file_name}</Code>
        </List.Item>
        {report.migrated && <List.Item>{t("data.restore.migrated")}</List.Item>}
      </List>
      <Text size="sm" c="dimmed">
        {t("data.restore.reloadHint")}
      </Text>
      <Group justify="flex-end">
        <Button onClick={reloadApp} data-testid="restore-reload">
          {t("data.restore.reload")}
        </Button>
      </Group>
    </Stack>
  );
}
