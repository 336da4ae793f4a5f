import { Alert, Button, Checkbox, Group, Modal, Stack, TextInput } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import { run } from "../../../lib/ownData";
import { page } from "../../../lib/reload";
import { ErasePreviewList, useErasePreview } from "./ErasePreviewList";

/** Whether what was typed is the confirmation word (spaces and case aside). */
export function isConfirmationWord(typed: string, word: string): boolean {
  return typed.trim().toLocaleUpperCase() === word.toLocaleUpperCase();
}

/**
 * Erases everything Tempo stored. The red button stays disabled until the
 * athlete types the confirmation word: a click alone is too easy to do by
 * mistake for something that cannot be undone.
 */
export function EraseEverythingModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { preview, error } = useErasePreview(null, opened);
  const [models, setModels] = useState(false);
  const [typed, setTyped] = useState("");
  const [step, setStep] = useState<"confirm" | "erasing" | "done">("confirm");
  const [failure, setFailure] = useState<string | null>(null);
  const word = t("data.erase.all.word");
  const confirmed = isConfirmationWord(typed, word);

  useEffect(() => {
    if (!opened) return;
    setModels(false);
    setTyped("");
    setStep("confirm");
    setFailure(null);
  }, [opened]);

  const erase = async () => {
    setStep("erasing");
    setFailure(null);
    const res = await run(() => commands.eraseEverything(models));
    if (res.status === "ok") {
      setStep("done"); // the backend restarts the app on its own
    } else {
      setStep("confirm");
      setFailure(res.error.message);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={step === "confirm" ? onClose : () => {}}
      withCloseButton={step === "confirm"}
      title={t("data.erase.all.title")}
      centered
      size="lg"
      data-testid="erase-everything-modal"
    >
      {step === "done" ? (
        <Stack gap="md">
          <Alert color="teal" variant="light" title={t("data.erase.all.doneTitle")} data-testid="erase-everything-done">
            {t("data.erase.all.done")}
          </Alert>
          {/* The backend restarts the app; should that not happen, the web view can still start over. */}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => page.reload()} data-testid="erase-everything-reload">
              {t("data.erase.all.reload")}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
            {t("data.erase.all.warning")}
          </Alert>
          <ErasePreviewList preview={preview} error={error} />
          <Checkbox
            checked={models}
            onChange={(e) => setModels(e.currentTarget.checked)}
            label={t("data.erase.all.models")}
            description={t("data.erase.all.modelsHint")}
            data-testid="erase-everything-models"
          />
          <TextInput
            label={t("data.erase.all.typeWord", { word })}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            data-testid="erase-everything-word"
          />
          {failure && (
            <Alert color="red" variant="light" title={t("data.erase.error")} data-testid="erase-error">
              {failure}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={step === "erasing"} data-testid="erase-everything-cancel">
              {t("data.cancel")}
            </Button>
            <Button
              color="red"
              onClick={() => void erase()}
              loading={step === "erasing"}
              disabled={!confirmed}
              data-testid="erase-everything-confirm"
            >
              {t("data.erase.all.confirm")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
