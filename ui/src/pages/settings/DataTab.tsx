import { Stack } from "@mantine/core";
import { BackupSection } from "./data/BackupSection";
import { EraseSection } from "./data/EraseSection";
import { ExportSection } from "./data/ExportSection";

/** Settings › Data: back up and restore, export, erase. */
export function DataTab() {
  return (
    <Stack gap="lg" maw={900}>
      <BackupSection />
      <ExportSection />
      <EraseSection />
    </Stack>
  );
}
