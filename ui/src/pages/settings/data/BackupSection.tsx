import { Alert, Badge, Button, Card, Code, Divider, Group, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDatabaseExport, IconDeviceFloppy, IconFileImport, IconRestore } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import { formatBytes } from "../../../lib/format";
import { backupKindName, formatDateTime, run, type BackupInfo, type BackupList } from "../../../lib/ownData";
import { useCommand } from "../../../lib/useProfile";
import { AutoBackup } from "./AutoBackup";
import { RestoreModal, type RestoreTarget } from "./RestoreModal";

const KIND_COLOR: Record<string, string> = { manual: "blue", auto: "gray", pre_restore: "orange" };

/** Backups: make one now or to a file, automatic daily ones, the list, and restore. */
export function BackupSection() {
  const { t, i18n } = useTranslation();
  const list = useCommand<BackupList>(() => commands.listBackups());
  const [busy, setBusy] = useState<"now" | "file" | "choose" | null>(null);
  const [target, setTarget] = useState<RestoreTarget | null>(null);

  const backedUp = (info: BackupInfo) => {
    notifications.show({
      color: "teal",
      title: t("data.backup.done"),
      message: <span data-testid="backup-done">{`${info.file_name} (${formatBytes(info.size_bytes ?? 0, i18n.language)})`}</span>,
    });
    void list.reload();
  };

  const failed = (title: string, message: string) => notifications.show({ color: "red", title, message });

  const backupNow = async () => {
    setBusy("now");
    const res = await run(() => commands.backupNow());
    setBusy(null);
    if (res.status === "ok") backedUp(res.data);
    else failed(t("data.backup.error"), res.error.message);
  };

  const backupToFile = async () => {
    setBusy("file");
    const res = await run(() => commands.backupToFile());
    setBusy(null);
    if (res.status === "error") failed(t("data.backup.error"), res.error.message);
    else if (res.data) backedUp(res.data); // null: the athlete cancelled the save dialog
  };

  const restoreFromFile = async () => {
    setBusy("choose");
    const res = await run(() => commands.chooseBackupFile());
    setBusy(null);
    if (res.status === "error") failed(t("data.restore.failed"), res.error.message);
    else if (res.data) setTarget({ path: res.data, name: fileName(res.data) });
  };

  return (
    <Card withBorder radius="lg" padding="xl" data-testid="backup-section">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={3}>{t("data.backup.title")}</Title>
          <Text size="sm" c="dimmed">
            {t("data.backup.intro")}
          </Text>
        </Stack>
        <Group gap="sm">
          <Button leftSection={<IconDeviceFloppy size={16} />} onClick={() => void backupNow()} loading={busy === "now"} data-testid="backup-now">
            {t("data.backup.now")}
          </Button>
          <Button
            variant="default"
            leftSection={<IconDatabaseExport size={16} />}
            onClick={() => void backupToFile()}
            loading={busy === "file"}
            data-testid="backup-to-file"
          >
            {t("data.backup.toFile")}
          </Button>
        </Group>
        <AutoBackup />
        <Divider />
        <Group justify="space-between" align="flex-end">
          <Stack gap={2}>
            <Title order={4}>{t("data.backup.listTitle")}</Title>
            {list.data && (
              <Text size="xs" c="dimmed" data-testid="backup-dir">
                {t("data.backup.folder")} <Code>{list.data.dir}</Code>
              </Text>
            )}
          </Stack>
          <Button
            variant="default"
            leftSection={<IconFileImport size={16} />}
            onClick={() => void restoreFromFile()}
            loading={busy === "choose"}
            data-testid="restore-from-file"
          >
            {t("data.restore.fromFile")}
          </Button>
        </Group>
        {list.loading && !list.data && <Skeleton h={120} />}
        {list.error && (
          <Alert color="red" variant="light" title={t("data.backup.listError")} data-testid="backup-list-error">
            {list.error.message}
          </Alert>
        )}
        {list.data && <BackupTable backups={list.data.backups} onRestore={(b) => setTarget({ path: b.path, name: b.file_name })} />}
      </Stack>
      <RestoreModal target={target} onClose={() => setTarget(null)} />
    </Card>
  );
}

function BackupTable({ backups, onRestore }: { backups: BackupInfo[]; onRestore: (b: BackupInfo) => void }) {
  const { t, i18n } = useTranslation();
  if (backups.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="backup-empty">
        {t("data.backup.empty")}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" data-testid="backup-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("data.backup.columns.file")}</Table.Th>
            <Table.Th>{t("data.backup.columns.kind")}</Table.Th>
            <Table.Th>{t("data.backup.columns.date")}</Table.Th>
            <Table.Th ta="right">{t("data.backup.columns.size")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {backups.map((b) => (
            <Table.Tr key={b.path} data-testid="backup-row" data-file-name={b.file_name}>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {b.file_name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={KIND_COLOR[b.kind] ?? "gray"} data-testid="backup-kind">
                  {backupKindName(t, b.kind)}
                </Badge>
              </Table.Td>
              <Table.Td>{formatDateTime(b.created_at, i18n.language)}</Table.Td>
              <Table.Td ta="right">{formatBytes(b.size_bytes ?? 0, i18n.language)}</Table.Td>
              <Table.Td ta="right">
                <Button size="compact-sm" variant="light" leftSection={<IconRestore size={14} />} onClick={() => onRestore(b)} data-testid="backup-restore">
                  {t("data.restore.button")}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The last component of a path, on Windows too. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
