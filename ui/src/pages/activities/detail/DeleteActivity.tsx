import { useState } from "react";
import { Button, Group, Modal, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconTrash } from "@tabler/icons-react";
import { useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { acts } from "../../../lib/activities/api";

/** Delete, after a confirmation; then back to the list. */
export function DeleteActivity({ id, title, back = "/activities" }: { id: number; title: string; back?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    try {
      const res = await acts.deleteActivity(id);
      if (res.status === "ok") {
        setOpen(false);
        notifications.show({ color: "teal", message: t("activities.delete.done", { title }) });
        navigate(back, { replace: true });
        return;
      }
      notifications.show({ color: "red", title: t("activities.delete.failed"), message: res.error.message });
    } catch (e) {
      notifications.show({ color: "red", title: t("activities.delete.failed"), message: String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        color="red"
        variant="light"
        leftSection={<IconTrash size={16} />}
        onClick={() => setOpen(true)}
        data-testid="delete-activity-button"
      >
        {t("activities.delete.button")}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t("activities.delete.title")} centered data-testid="delete-modal">
        <Text size="sm">{t("activities.delete.body", { title })}</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setOpen(false)} data-testid="cancel-delete-button">
            {t("activities.delete.cancel")}
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={busy} data-testid="confirm-delete-button">
            {t("activities.delete.confirm")}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
