import { ActionIcon, Alert, Button, Card, Group, Loader, Menu, Modal, NavLink, ScrollArea, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconDots, IconDownload, IconPencil, IconPlus, IconSearch, IconTrash } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import type { ApiError } from "../../lib/api";
import type { ConversationSummary } from "../../lib/coach";
import { formatRelative, run } from "../../lib/ownData";

type Props = {
  activeId: number | null;
  /** Bumped when a conversation may have changed (an answer came): the list reloads. */
  version: number;
  onOpen: (id: number) => void;
  onNew: () => void;
  /** The open conversation was deleted or renamed. */
  onDeleted: (id: number) => void;
  onRenamed: (c: ConversationSummary) => void;
  /** The list as loaded (the page titles the open conversation from it). */
  onList?: (list: ConversationSummary[]) => void;
};

/** The athlete's conversations with the coach: search, open, new, rename, delete, export. */
export function ConversationList({ activeId, version, onOpen, onNew, onDeleted, onRenamed, onList }: Props) {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search.trim(), 250);
  const [list, setList] = useState<ConversationSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [renaming, setRenaming] = useState<ConversationSummary | null>(null);
  const [deleting, setDeleting] = useState<ConversationSummary | null>(null);
  const [bump, setBump] = useState(0);

  useEffect(() => {
    if (list) onList?.(list);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list]);

  useEffect(() => {
    let alive = true;
    void run(() => commands.coachConversations(query || null)).then((res) => {
      if (!alive) return;
      if (res.status === "ok") {
        setList(res.data);
        setError(null);
      } else setError(res.error);
    });
    return () => {
      alive = false;
    };
  }, [query, version, bump]);

  const exportIt = async (c: ConversationSummary) => {
    const res = await run(() => commands.coachSaveConversation(c.id));
    if (res.status === "error") notifications.show({ color: "red", title: t("coach.list.exportError"), message: res.error.message });
    else if (res.data) notifications.show({ color: "teal", message: t("coach.list.exported", { path: res.data }) });
  };

  return (
    <Card withBorder radius="lg" padding="sm" data-testid="coach-conversations">
      <Stack gap="sm">
        <Button leftSection={<IconPlus size={16} />} variant="light" onClick={onNew} data-testid="coach-new">
          {t("coach.list.new")}
        </Button>
        <TextInput
          leftSection={<IconSearch size={14} />}
          placeholder={t("coach.list.search")}
          aria-label={t("coach.list.search")}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-testid="coach-search"
        />
        {error && (
          <Alert color="red" variant="light" data-testid="coach-list-error">
            {error.message}
          </Alert>
        )}
        {!list && !error && <Loader size="sm" aria-label={t("common.loading")} />}
        {list && list.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="coach-list-empty">
            {query ? t("coach.list.noMatch") : t("coach.list.empty")}
          </Text>
        )}
        <ScrollArea.Autosize mah="60vh">
          <Stack gap={2}>
            {list?.map((c) => (
              <Group key={c.id} gap={0} wrap="nowrap" data-testid="coach-conversation" data-conversation-id={c.id}>
                <NavLink
                  active={c.id === activeId}
                  label={c.title}
                  description={formatRelative(c.updated_at, i18n.language)}
                  onClick={() => onOpen(c.id)}
                  style={{ borderRadius: 6, flex: 1, minWidth: 0 }}
                  data-testid="coach-conversation-open"
                />
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon variant="subtle" color="gray" aria-label={t("coach.list.actions")} data-testid="coach-conversation-menu">
                      <IconDots size={16} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setRenaming(c)} data-testid="coach-rename">
                      {t("coach.list.rename")}
                    </Menu.Item>
                    <Menu.Item leftSection={<IconDownload size={14} />} onClick={() => void exportIt(c)} data-testid="coach-export">
                      {t("coach.list.export")}
                    </Menu.Item>
                    <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeleting(c)} data-testid="coach-delete">
                      {t("coach.list.delete")}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </Group>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Stack>
      <RenameDialog
        conversation={renaming}
        onClose={() => setRenaming(null)}
        onRenamed={(c) => {
          setRenaming(null);
          setList((l) => l?.map((x) => (x.id === c.id ? c : x)) ?? l);
          onRenamed(c);
        }}
      />
      <DeleteDialog
        conversation={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(id) => {
          setDeleting(null);
          setList((l) => l?.filter((x) => x.id !== id) ?? l);
          setBump((b) => b + 1);
          onDeleted(id);
        }}
      />
    </Card>
  );
}

function RenameDialog({
  conversation,
  onClose,
  onRenamed,
}: {
  conversation: ConversationSummary | null;
  onClose: () => void;
  onRenamed: (c: ConversationSummary) => void;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    setTitle(conversation?.title ?? "");
    setFailure(null);
  }, [conversation]);

  const save = async () => {
    if (!conversation || !title.trim()) return;
    setBusy(true);
    const res = await run(() => commands.coachRenameConversation(conversation.id, title.trim()));
    setBusy(false);
    if (res.status === "ok") onRenamed(res.data);
    else setFailure(res.error.message);
  };

  return (
    <Modal opened={!!conversation} onClose={onClose} title={t("coach.list.renameTitle")} centered data-testid="coach-rename-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <TextInput
            label={t("coach.list.titleLabel")}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            data-autofocus
            data-testid="coach-rename-input"
            error={failure}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("data.cancel")}
            </Button>
            <Button type="submit" loading={busy} disabled={!title.trim()} data-testid="coach-rename-save">
              {t("coach.list.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteDialog({
  conversation,
  onClose,
  onDeleted,
}: {
  conversation: ConversationSummary | null;
  onClose: () => void;
  onDeleted: (id: number) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => setFailure(null), [conversation]);

  const remove = async () => {
    if (!conversation) return;
    setBusy(true);
    const res = await run(() => commands.coachDeleteConversation(conversation.id));
    setBusy(false);
    if (res.status === "ok") onDeleted(conversation.id);
    else setFailure(res.error.message);
  };

  return (
    <Modal opened={!!conversation} onClose={onClose} title={t("coach.list.deleteTitle")} centered data-testid="coach-delete-dialog">
      <Stack>
        <Text size="sm">{t("coach.list.deleteBody", { title: conversation?.title ?? "" })}</Text>
        {failure && (
          <Alert color="red" variant="light">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("data.cancel")}
          </Button>
          <Button color="red" loading={busy} onClick={() => void remove()} data-testid="coach-delete-confirm">
            {t("coach.list.delete")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
