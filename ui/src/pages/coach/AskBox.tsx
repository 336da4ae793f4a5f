import { ActionIcon, Group, Textarea } from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

/** The question box: Enter sends, Shift+Enter starts a new line; disabled while an answer streams. */
export function AskBox({
  value,
  onChange,
  onSend,
  disabled,
}: {
  value: string;
  onChange: (v: string) => void;
  onSend: (question: string) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const send = () => {
    const q = value.trim();
    if (q && !disabled) onSend(q);
  };
  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <Textarea
        style={{ flex: 1 }}
        autosize
        minRows={1}
        maxRows={8}
        value={value}
        disabled={disabled}
        placeholder={t("coach.ask.placeholder")}
        aria-label={t("coach.ask.label")}
        onChange={(e) => onChange(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          }
        }}
        data-testid="coach-input"
      />
      <ActionIcon size="lg" onClick={send} disabled={disabled || !value.trim()} aria-label={t("coach.ask.send")} data-testid="coach-send">
        <IconSend size={18} />
      </ActionIcon>
    </Group>
  );
}
