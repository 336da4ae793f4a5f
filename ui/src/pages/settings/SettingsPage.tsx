import { Stack, Tabs, Title } from "@mantine/core";
import {
  IconActivityHeartbeat,
  IconBell,
  IconCloudDownload,
  IconDatabase,
  IconInfoCircle,
  IconMessageChatbot,
  IconPalette,
  IconShieldLock,
  IconUser,
} from "@tabler/icons-react";
import { Navigate, useNavigate, useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { AboutTab } from "./AboutTab";
import { AccountsTab } from "./AccountsTab";
import { AppearanceTab } from "./AppearanceTab";
import { CoachTab } from "./CoachTab";
import { DataTab } from "./DataTab";
import { NotificationsTab } from "./NotificationsTab";
import { PrivacyTab } from "./PrivacyTab";
import { ProfileTab } from "./ProfileTab";
import { TrainingLoadTab } from "./TrainingLoadTab";

const TABS = ["profile", "training", "coach", "appearance", "notifications", "accounts", "data", "privacy", "about"] as const;
type Tab = (typeof TABS)[number];

export function SettingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { tab } = useParams();
  if (!TABS.includes(tab as Tab)) return <Navigate to="/settings/profile" replace />;

  return (
    <Stack gap="lg" maw={1000}>
      <Title order={2}>{t("nav.settings")}</Title>
      <Tabs value={tab} onChange={(v) => v && navigate(`/settings/${v}`)} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="profile" leftSection={<IconUser size={16} />} data-testid="settings-tab-profile">
            {t("settings.tabs.profile")}
          </Tabs.Tab>
          <Tabs.Tab value="training" leftSection={<IconActivityHeartbeat size={16} />} data-testid="settings-tab-training">
            {t("settings.tabs.training")}
          </Tabs.Tab>
          <Tabs.Tab value="coach" leftSection={<IconMessageChatbot size={16} />} data-testid="settings-tab-coach">
            {t("settings.tabs.coach")}
          </Tabs.Tab>
          <Tabs.Tab value="appearance" leftSection={<IconPalette size={16} />} data-testid="settings-tab-appearance">
            {t("settings.tabs.appearance")}
          </Tabs.Tab>
          <Tabs.Tab value="notifications" leftSection={<IconBell size={16} />} data-testid="settings-tab-notifications">
            {t("settings.tabs.notifications")}
          </Tabs.Tab>
          <Tabs.Tab value="accounts" leftSection={<IconCloudDownload size={16} />} data-testid="settings-tab-accounts">
            {t("settings.tabs.accounts")}
          </Tabs.Tab>
          <Tabs.Tab value="data" leftSection={<IconDatabase size={16} />} data-testid="settings-tab-data">
            {t("settings.tabs.data")}
          </Tabs.Tab>
          <Tabs.Tab value="privacy" leftSection={<IconShieldLock size={16} />} data-testid="settings-tab-privacy">
            {t("settings.tabs.privacy")}
          </Tabs.Tab>
          <Tabs.Tab value="about" leftSection={<IconInfoCircle size={16} />} data-testid="settings-tab-about">
            {t("settings.tabs.about")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="profile">
          <ProfileTab />
        </Tabs.Panel>
        <Tabs.Panel value="training">
          <TrainingLoadTab />
        </Tabs.Panel>
        <Tabs.Panel value="coach">
          <CoachTab />
        </Tabs.Panel>
        <Tabs.Panel value="appearance">
          <AppearanceTab />
        </Tabs.Panel>
        <Tabs.Panel value="notifications">
          <NotificationsTab />
        </Tabs.Panel>
        <Tabs.Panel value="accounts">
          <AccountsTab />
        </Tabs.Panel>
        <Tabs.Panel value="data">
          <DataTab />
        </Tabs.Panel>
        <Tabs.Panel value="privacy">
          <PrivacyTab />
        </Tabs.Panel>
        <Tabs.Panel value="about">
          <AboutTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
