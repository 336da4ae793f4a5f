//! Pages: reading `en/*.md` and `fr/*.md`, parsing their front matter and
//! checking the rules of `knowledge_base/README.md` before anything is indexed.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::KbError;

/// Language of a page or a query. Only the two languages the knowledge base is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Fr,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The sport a page is about; `General` covers physiology that applies to all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sport {
    Running,
    Cycling,
    General,
}

/// One page of the knowledge base: front matter plus the markdown after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub id: String,
    pub title: String,
    pub language: Lang,
    pub sport: Sport,
    pub topics: Vec<String>,
    pub sources: Vec<String>,
    /// Id of the same page in the other language, checked to exist and to point back.
    pub translation: Option<String>,
    /// Everything after the front matter, starting with the `#` title line.
    pub body_markdown: String,
}

/// The front matter as written; unknown keys are refused so a typo
/// (`langauge:`) is reported instead of silently dropping the field.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    title: String,
    topics: Vec<String>,
    sport: Sport,
    language: Lang,
    translation: Option<String>,
    sources: Vec<String>,
}

/// All pages of a knowledge base folder, validated, in id order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KnowledgeBase {
    pages: Vec<Page>,
}

/// A page file as read from disk, kept so the index cache can hash the exact bytes.
#[derive(Debug)]
pub(crate) struct PageFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl KnowledgeBase {
    /// Reads and validates every page under `kb_dir/en` and `kb_dir/fr`.
    /// `eval/` and `README.md` are not pages and are not read.
    pub fn load(kb_dir: &Path) -> Result<Self, KbError> {
        let files = read_page_files(kb_dir)?;
        Self::from_files(&files)
    }

    pub(crate) fn from_files(files: &[PageFile]) -> Result<Self, KbError> {
        let mut pages = Vec::with_capacity(files.len());
        for file in files {
            let text = std::str::from_utf8(&file.bytes).map_err(|e| KbError::InvalidPage {
                path: file.path.clone(),
                problem: format!("not UTF-8 text ({e})"),
            })?;
            pages.push(parse_page(&file.path, text)?);
        }
        pages.sort_by(|a, b| a.id.cmp(&b.id));
        validate_links(&pages, files)?;
        Ok(Self { pages })
    }

    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    pub fn page(&self, id: &str) -> Option<&Page> {
        self.pages
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.pages[i])
    }
}

/// Lists `en/*.md` and `fr/*.md` in a stable order (the order feeds the cache hash).
pub(crate) fn read_page_files(kb_dir: &Path) -> Result<Vec<PageFile>, KbError> {
    let mut files = Vec::new();
    for lang_dir in ["en", "fr"] {
        let dir = kb_dir.join(lang_dir);
        let entries = std::fs::read_dir(&dir).map_err(|source| KbError::Io {
            path: dir.clone(),
            source,
        })?;
        let mut paths = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| KbError::Io {
                path: dir.clone(),
                source,
            })?;
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "md") && path.is_file() {
                paths.push(path);
            }
        }
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).map_err(|source| KbError::Io {
                path: path.clone(),
                source,
            })?;
            files.push(PageFile { path, bytes });
        }
    }
    Ok(files)
}

/// Splits `---\n<yaml>\n---\n<markdown>` and checks the page's own rules.
pub(crate) fn parse_page(path: &Path, text: &str) -> Result<Page, KbError> {
    let invalid = |problem: String| KbError::InvalidPage {
        path: path.to_path_buf(),
        problem,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (yaml, body) = split_front_matter(text)
        .ok_or_else(|| invalid("no front matter: the file must start with a `---` line and close it with another `---` line".into()))?;
    let fm: FrontMatter = serde_saphyr::from_str(yaml)
        .map_err(|e| invalid(format!("front matter is not valid: {e}")))?;

    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if fm.id != stem {
        return Err(invalid(format!(
            "id `{}` differs from the file name `{stem}.md`",
            fm.id
        )));
    }
    if fm.id.is_empty()
        || !fm
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(invalid(format!(
            "id `{}` is not lowercase kebab-case",
            fm.id
        )));
    }
    let expect_fr_suffix = fm.language == Lang::Fr;
    if fm.id.ends_with("-fr") != expect_fr_suffix {
        return Err(invalid(format!(
            "id `{}` and language `{}` disagree: French ids end in `-fr`, English ids do not",
            fm.id, fm.language
        )));
    }
    if let Some(folder) = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        && folder != fm.language.code()
    {
        return Err(invalid(format!(
            "language `{}` but the file is in `{folder}/`",
            fm.language
        )));
    }
    if fm.title.trim().is_empty() {
        return Err(invalid("title is empty".into()));
    }
    if fm.sources.is_empty() {
        return Err(invalid(
            "sources is empty: every page cites what it rests on".into(),
        ));
    }
    if !body.lines().any(|l| l.starts_with("# ")) {
        return Err(invalid("no `# ` title line in the body".into()));
    }
    Ok(Page {
        id: fm.id,
        title: fm.title,
        language: fm.language,
        sport: fm.sport,
        topics: fm.topics,
        sources: fm.sources,
        translation: fm.translation,
        body_markdown: body.to_string(),
    })
}

fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// Cross-page rules: unique ids and translations that exist, are in the
/// other language and point back.
fn validate_links(pages: &[Page], files: &[PageFile]) -> Result<(), KbError> {
    let path_of = |id: &str| {
        files
            .iter()
            .find(|f| f.path.file_stem().and_then(|s| s.to_str()) == Some(id))
            .map(|f| f.path.clone())
            .unwrap_or_else(|| PathBuf::from(format!("{id}.md")))
    };
    let mut by_id: BTreeMap<&str, &Page> = BTreeMap::new();
    for page in pages {
        if by_id.insert(&page.id, page).is_some() {
            return Err(KbError::InvalidPage {
                path: path_of(&page.id),
                problem: format!("id `{}` is used by two pages", page.id),
            });
        }
    }
    for page in pages {
        let Some(target) = &page.translation else {
            continue;
        };
        let problem = match by_id.get(target.as_str()) {
            None => Some(format!("translation `{target}` is not a page")),
            Some(other) if other.language == page.language => Some(format!(
                "translation `{target}` is in the same language ({})",
                page.language
            )),
            Some(other) if other.translation.as_deref() != Some(page.id.as_str()) => Some(format!(
                "translation `{target}` does not point back (its translation is {})",
                other.translation.as_deref().unwrap_or("null")
            )),
            Some(_) => None,
        };
        if let Some(problem) = problem {
            return Err(KbError::InvalidPage {
                path: path_of(&page.id),
                problem,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"---
id: vma-tests
title: "VMA: what it is"
topics: [vma, léger-boucher]
sport: running            # running | cycling | general
language: en
translation: null
sources:
  - "Léger L., Boucher R. A test: with a colon, 1980."
---

# VMA: what it is

Intro.
"#;

    fn path(p: &str) -> PathBuf {
        PathBuf::from(format!("kb/{p}"))
    }

    #[test]
    fn parses_front_matter_with_comments_flow_lists_and_quoted_colons() {
        let page = parse_page(&path("en/vma-tests.md"), PAGE).unwrap();
        assert_eq!(page.id, "vma-tests");
        assert_eq!(page.title, "VMA: what it is");
        assert_eq!(page.topics, ["vma", "léger-boucher"]);
        assert_eq!(page.sport, Sport::Running);
        assert_eq!(page.language, Lang::En);
        assert_eq!(page.translation, None);
        assert_eq!(
            page.sources,
            ["Léger L., Boucher R. A test: with a colon, 1980."]
        );
        assert!(page.body_markdown.starts_with("\n# VMA: what it is"));
    }

    #[test]
    fn refuses_an_id_that_is_not_the_file_name_and_names_the_file() {
        let err = parse_page(&path("en/vma-test.md"), PAGE).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("en/vma-test.md"), "{msg}");
        assert!(msg.contains("differs from the file name"), "{msg}");
    }

    #[test]
    fn refuses_missing_fields_unknown_language_and_missing_front_matter() {
        let no_title = PAGE.replace("title: \"VMA: what it is\"\n", "");
        let msg = parse_page(&path("en/vma-tests.md"), &no_title)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("title"), "{msg}");

        let german = PAGE.replace("language: en", "language: de");
        assert!(parse_page(&path("en/vma-tests.md"), &german).is_err());

        let msg = parse_page(&path("en/vma-tests.md"), "# Just markdown\n")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("no front matter"), "{msg}");
    }

    #[test]
    fn refuses_a_french_page_without_the_fr_suffix() {
        let fr = PAGE.replace("language: en", "language: fr");
        let msg = parse_page(&path("fr/vma-tests.md"), &fr)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("end in `-fr`"), "{msg}");
    }

    fn file(rel: &str, text: &str) -> PageFile {
        PageFile {
            path: path(rel),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn translations_must_exist_and_point_back() {
        let en = PAGE.replace("translation: null", "translation: vma-tests-fr");
        let fr = PAGE
            .replace("id: vma-tests", "id: vma-tests-fr")
            .replace("language: en", "language: fr")
            .replace("translation: null", "translation: vma-tests");
        let kb = KnowledgeBase::from_files(&[
            file("en/vma-tests.md", &en),
            file("fr/vma-tests-fr.md", &fr),
        ])
        .unwrap();
        assert_eq!(kb.page("vma-tests-fr").unwrap().language, Lang::Fr);

        let msg = KnowledgeBase::from_files(&[file("en/vma-tests.md", &en)])
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("en/vma-tests.md") && msg.contains("is not a page"),
            "{msg}"
        );

        let fr_no_back = fr.replace("translation: vma-tests", "translation: null");
        let msg = KnowledgeBase::from_files(&[
            file("en/vma-tests.md", &en),
            file("fr/vma-tests-fr.md", &fr_no_back),
        ])
        .unwrap_err()
        .to_string();
        assert!(msg.contains("does not point back"), "{msg}");
    }
}
