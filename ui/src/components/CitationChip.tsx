import { Badge } from "@mantine/core";
import { IconBook } from "@tabler/icons-react";
import { Link } from "react-router";
import { pageHref } from "../lib/knowledge";

/** A compact link to a knowledge-base page, for citing it (e.g. in the coach's answers). */
export function CitationChip({ pageId, title }: { pageId: string; title: string }) {
  return (
    <Badge
      component={Link}
      to={pageHref(pageId)}
      variant="light"
      radius="sm"
      size="md"
      tt="none"
      fw={500}
      maw={320}
      leftSection={<IconBook size={12} stroke={1.8} />}
      title={title}
      data-testid="citation-chip"
      data-page-id={pageId}
      style={{ cursor: "pointer" }}
    >
      {title}
    </Badge>
  );
}
