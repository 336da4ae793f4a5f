import { ActionIcon, Alert, Box, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconBell } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { formatRelative, type Reminder } from "../lib/ownData";
import { useInbox } from "../lib/useInbox";

/** The bell in the app header: unread count, and the reminders in a popover. */
export function InboxButton() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { inbox, error, sync, markRead } = useInbox();
  const [opened, setOpened] = useState(false);
  const unreadIds = inbox.items.filter((r) => !r.read).map((r) => r.id);

  const toggle = () => {
    if (!opened) void sync();
    setOpened((o) => !o);
  };

  const open = (r: Reminder) => {
    if (!r.read) void markRead([r.id]);
    if (r.link) {
      setOpened(false);
      navigate(r.link);
    }
  };

  const label = inbox.unread > 0 ? t("reminders.inboxUnread", { count: inbox.unread }) : t("reminders.inbox");
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={380} shadow="md" withArrow>
      <Popover.Target>
        <Indicator
          label={inbox.unread > 99 ? "99+" : inbox.unread}
          size={18}
          color="red"
          offset={4}
          disabled={inbox.unread === 0}
          data-testid="inbox-badge"
          data-unread={inbox.unread}
        >
          <ActionIcon variant="subtle" color="gray" size="lg" onClick={toggle} aria-label={label} title={label} data-testid="inbox-button">
            <IconBell size={20} stroke={1.7} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} data-testid="inbox-popover">
        <Group justify="space-between" px="md" py="sm">
          <Text fw={600}>{t("reminders.inbox")}</Text>
          <Button
            size="compact-xs"
            variant="subtle"
            disabled={unreadIds.length === 0}
            onClick={() => void markRead(unreadIds)}
            data-testid="inbox-mark-all"
          >
            {t("reminders.markAllRead")}
          </Button>
        </Group>
        {error && (
          <Alert color="red" variant="light" mx="md" mb="sm" data-testid="inbox-error">
            {error}
          </Alert>
        )}
        {inbox.items.length === 0 ? (
          <Text size="sm" c="dimmed" px="md" pb="md" data-testid="inbox-empty">
            {t("reminders.empty")}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={420} type="auto">
            <Stack gap={0} pb="xs">
              {inbox.items.map((r) => (
                <InboxItem key={r.id} reminder={r} onOpen={() => open(r)} />
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}

function InboxItem({ reminder: r, onOpen }: { reminder: Reminder; onOpen: () => void }) {
  const { i18n } = useTranslation();
  return (
    <UnstyledButton
      onClick={onOpen}
      px="md"
      py="xs"
      bg={r.read ? undefined : "var(--mantine-primary-color-light)"}
      data-testid="inbox-item"
      data-id={r.id}
      data-read={r.read}
      data-kind={r.kind}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        {/* The dot says "unread" without relying on the background colour alone. */}
        <Box
          mt={7}
          w={8}
          h={8}
          style={{ borderRadius: "50%", flexShrink: 0 }}
          bg={r.read ? "transparent" : "var(--mantine-primary-color-filled)"}
          aria-hidden
        />
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="sm" fw={r.read ? 400 : 700}>
            {r.title}
          </Text>
          <Text size="xs" c="dimmed" lineClamp={3}>
            {r.body}
          </Text>
          <Text size="xs" c="dimmed">
            {formatRelative(r.created_at, i18n.language)}
          </Text>
        </Stack>
      </Group>
    </UnstyledButton>
  );
}
