import { Button } from "@mantine/core";
import { IconMessageChatbot } from "@tabler/icons-react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import type { AskAbout } from "../bindings";
import { aboutParam } from "../lib/coach";

/** "Ask the coach" about what this screen shows: opens a new conversation with that context. */
export function AskCoachButton({ about }: { about: AskAbout }) {
  const { t } = useTranslation();
  const to = `/coach?about=${encodeURIComponent(aboutParam(about))}`;
  return (
    <Button
      component={Link}
      to={to}
      size="xs"
      variant="light"
      leftSection={<IconMessageChatbot size={16} />}
      data-testid="ask-coach"
      data-about={aboutParam(about)}
    >
      {t("coach.askButton")}
    </Button>
  );
}
