import { Anchor, Typography } from "@mantine/core";
import ReactMarkdown, { type Components } from "react-markdown";
import { Link } from "react-router";
import remarkGfm from "remark-gfm";
import { type Citation, linkCitations } from "../../lib/coach";

// App paths ("/plan", "/knowledge/…") stay in the app; anything else opens outside it.
const components: Components = {
  a: ({ href, children }) =>
    href?.startsWith("/") ? (
      <Anchor component={Link} to={href}>
        {children}
      </Anchor>
    ) : (
      <Anchor href={href} target="_blank" rel="noreferrer noopener">
        {children}
      </Anchor>
    ),
};

/**
 * The coach's markdown (GFM tables and lists); raw HTML is never rendered.
 * With `citations` (a finished answer), citation markers become numbered
 * links matching the chips below it.
 */
export function AnswerMarkdown({ text, citations }: { text: string; citations?: Citation[] }) {
  return (
    <Typography style={{ fontSize: "var(--mantine-font-size-sm)", overflowWrap: "anywhere" }}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components} skipHtml>
        {citations ? linkCitations(text, citations) : text}
      </ReactMarkdown>
    </Typography>
  );
}
