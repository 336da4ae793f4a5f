//! Chunking: one chunk per `##`/`###` section, the intro under `#` as its own
//! chunk, long sections cut into overlapping word windows.
//!
//! Each chunk carries its heading path ("Title > Section > Subsection") because
//! the pages are written so a section makes sense on its own *given* its
//! heading; without it a chunk like "Common mistakes" loses its subject.

use serde::{Deserialize, Serialize};

use crate::page::{Lang, Page};

/// Bump when the chunking changes: it is part of the cache key.
pub(crate) const CHUNKER_VERSION: u32 = 1;

/// Window sizes: the embedding model truncates at 256 word pieces, about
/// 180 English words, so longer windows would lose their end on the dense
/// side. Not yet tuned on the evaluation set (each try re-embeds the corpus).
pub(crate) const WINDOW_WORDS: usize = 180;
pub(crate) const OVERLAP_WORDS: usize = 40;

/// A retrievable piece of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Chunk {
    pub page_id: String,
    pub page_title: String,
    pub language: Lang,
    /// Section headings under the title (empty for the intro).
    pub sections: Vec<String>,
    /// The markdown of the section (or of one window of it), formatting kept.
    pub text: String,
}

impl Chunk {
    /// "Title > Section > Subsection", what a hit shows as its heading.
    pub fn heading_path(&self) -> String {
        let mut path = self.page_title.clone();
        for s in &self.sections {
            path.push_str(" > ");
            path.push_str(s);
        }
        path
    }

    /// The text the embedding model sees: the heading path names the subject
    /// that the section text itself often leaves implicit.
    pub fn embedding_text(&self) -> String {
        format!("{}\n\n{}", self.heading_path(), self.text)
    }
}

/// Splits a page into chunks in reading order.
pub(crate) fn chunk_page(page: &Page, window: usize, overlap: usize) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut sections: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_fence = false;
    let flush = |sections: &[String], text: &mut String, chunks: &mut Vec<Chunk>| {
        for piece in windows(text, window, overlap) {
            chunks.push(Chunk {
                page_id: page.id.clone(),
                page_title: page.title.clone(),
                language: page.language,
                sections: sections.to_vec(),
                text: piece.to_string(),
            });
        }
        text.clear();
    };

    for line in page.body_markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        // A `#` inside a code fence is a comment, not a heading.
        let heading = if in_fence { None } else { heading_level(line) };
        match heading {
            Some((1, _)) => {
                flush(&sections, &mut current, &mut chunks);
                sections.clear();
            }
            Some((2, h)) => {
                flush(&sections, &mut current, &mut chunks);
                sections = vec![h.to_string()];
            }
            Some((3, h)) => {
                flush(&sections, &mut current, &mut chunks);
                sections.truncate(1);
                sections.push(h.to_string());
            }
            _ => {
                current.push_str(line);
                current.push('\n');
            }
        }
    }
    flush(&sections, &mut current, &mut chunks);
    chunks
}

fn heading_level(line: &str) -> Option<(usize, &str)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=3).contains(&hashes) {
        return None;
    }
    let rest = line[hashes..].strip_prefix(' ')?;
    Some((hashes, rest.trim()))
}

/// Cuts `text` into windows of about `window` words that overlap by `overlap`
/// words, as slices of the original text so lists and paragraphs survive.
/// Windows are evened out so the last one is not a stub of a few words.
pub(crate) fn windows(text: &str, window: usize, overlap: usize) -> Vec<&str> {
    let words: Vec<(usize, usize)> = word_spans(text).collect();
    let n = words.len();
    if n == 0 {
        return Vec::new();
    }
    let slice = |from: usize, to: usize| &text[words[from].0..words[to - 1].1];
    if n <= window {
        return vec![slice(0, n)];
    }
    let step = window - overlap;
    let count = (n - overlap).div_ceil(step);
    let size = (n + (count - 1) * overlap).div_ceil(count);
    let step = size - overlap;
    (0..count)
        .map(|i| {
            let from = i * step;
            let to = if i + 1 == count {
                n
            } else {
                (from + size).min(n)
            };
            slice(from, to)
        })
        .collect()
}

fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = None;
    text.char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .filter_map(move |(i, c)| match (c.is_whitespace(), start) {
            (false, None) => {
                start = Some(i);
                None
            }
            (true, Some(s)) => {
                start = None;
                Some((s, i))
            }
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::Sport;

    fn page(body: &str) -> Page {
        Page {
            id: "p".into(),
            title: "Tapering".into(),
            language: Lang::En,
            sport: Sport::General,
            topics: vec![],
            sources: vec![],
            translation: None,
            body_markdown: body.into(),
        }
    }

    #[test]
    fn intro_sections_and_subsections_keep_their_heading_path() {
        let body = "\n# Tapering\n\nIntro text.\n\n## How long\n\nTwo weeks.\n\n### For a marathon\n\nThree weeks.\n\n## Mistakes\n\n```\n# not a heading\n```\nDoing nothing.\n";
        let chunks = chunk_page(&page(body), 180, 40);
        let paths: Vec<_> = chunks.iter().map(Chunk::heading_path).collect();
        assert_eq!(
            paths,
            [
                "Tapering",
                "Tapering > How long",
                "Tapering > How long > For a marathon",
                "Tapering > Mistakes"
            ]
        );
        assert_eq!(chunks[0].text, "Intro text.");
        assert_eq!(chunks[2].text, "Three weeks.");
        assert!(chunks[3].text.contains("# not a heading"));
        assert!(
            chunks[3]
                .embedding_text()
                .starts_with("Tapering > Mistakes\n\n")
        );
    }

    #[test]
    fn long_sections_become_even_overlapping_windows() {
        let text: String = (0..400).map(|i| format!("w{i} ")).collect();
        let parts = windows(&text, 180, 40);
        // 400 words, step 140 → 3 windows of ~160 words, not 180+180+a stub.
        assert_eq!(parts.len(), 3);
        let counts: Vec<usize> = parts.iter().map(|p| p.split_whitespace().count()).collect();
        assert!(
            counts.iter().all(|&c| (150..=180).contains(&c)),
            "{counts:?}"
        );
        assert!(parts[0].starts_with("w0 ") && parts[2].ends_with("w399"));
        // Consecutive windows share exactly `overlap` words.
        let last_of_first: Vec<&str> = parts[0].split_whitespace().rev().take(40).collect();
        let first_of_second: Vec<&str> = parts[1].split_whitespace().take(40).collect();
        assert_eq!(
            last_of_first.into_iter().rev().collect::<Vec<_>>(),
            first_of_second
        );
    }

    #[test]
    fn short_text_is_one_window_and_formatting_is_kept() {
        assert_eq!(windows("- a\n- b\n", 180, 40), ["- a\n- b"]);
        assert!(windows("  \n ", 180, 40).is_empty());
    }
}
