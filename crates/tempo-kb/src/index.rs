//! The searchable index: chunks, their BM25 index and their embeddings, cached
//! on disk under a key that changes whenever any input to them changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::KbError;
use crate::chunk::{CHUNKER_VERSION, Chunk, OVERLAP_WORDS, WINDOW_WORDS, chunk_page};
use crate::embed::Embedder;
use crate::lexical::{ANALYZER_VERSION, Lexical};
use crate::page::{KnowledgeBase, Lang, Page, read_page_files};

/// Reciprocal rank fusion constant: 60, the value of Cormack et al. (2009).
/// Other values have not been measured yet (tests/eval.rs is the place to).
const RRF_K: f32 = 60.0;
/// How deep each list goes before fusion: deeper than any k a caller asks for,
/// so a chunk ranked well by one side and moderately by the other still fuses.
const FUSION_DEPTH: usize = 50;
/// At most this many chunks of one page *family* (a page and its translation)
/// in a result, so a long page, or the same page in two languages, cannot fill
/// the slots and hide the second-best page. One keeps the most distinct pages
/// in the first five, which is what recall@5 rewards; 2 was not measured.
pub const MAX_HITS_PER_PAGE: usize = 1;

/// Weight of the embedding ranking in the fusion for French queries.
/// all-MiniLM-L6-v2 is an English model: on the French evaluation questions
/// it reached recall@5 0.310 against BM25's 0.619, and fusing it pulled the
/// French hybrid down (weight 1 → 0.435, 0.5 → 0.494, 0.3 → 0.530). At 0 a
/// French query skips the model, which also saves its latency. A
/// multilingual model would change this; measure again with tests/eval.rs.
const FRENCH_DENSE_WEIGHT: f32 = 0.0;

const MANIFEST: &str = "manifest.json";
const CHUNKS: &str = "chunks.json";
const EMBEDDINGS: &str = "embeddings.f32";
const TANTIVY_DIR: &str = "tantivy";

/// How a search was answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SearchMode {
    /// BM25 and embeddings, fused.
    Hybrid,
    /// Keyword search only, because the embedding model was not given or could not be used.
    Bm25Only { reason: String },
}

/// One retrieved chunk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub page_id: String,
    pub title: String,
    /// "Title > Section > Subsection" of the chunk.
    pub heading: String,
    pub language: Lang,
    /// Higher is better; comparable only within one result list (BM25 score,
    /// cosine similarity or fused reciprocal-rank score depending on the search).
    pub score: f32,
    /// The chunk's markdown.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub mode: SearchMode,
    pub hits: Vec<Hit>,
}

/// What the cache directory records about itself; written last, so a
/// directory without it is an interrupted build and is not trusted.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Manifest {
    key: String,
    chunks: usize,
    /// Model id and vector size when embeddings were built.
    embeddings: Option<(String, usize)>,
}

/// The knowledge base, ready to search. `Send + Sync`: share one behind an `Arc`.
#[derive(Debug)]
pub struct Index {
    kb: KnowledgeBase,
    chunks: Vec<Chunk>,
    lexical: Lexical,
    dense: Option<Dense>,
    /// Why there is no dense side, when there is none.
    degraded: Option<String>,
    cache_dir: PathBuf,
}

#[derive(Debug)]
struct Dense {
    embedder: Embedder,
    /// Row-major `chunks.len() × dim`, each row unit length.
    vectors: Vec<f32>,
}

impl Index {
    /// Opens the cached index for the knowledge base in `kb_dir`, building it
    /// (and removing older caches) when the pages, the chunker, the analyzers
    /// or the model changed. `model_dir` holds all-MiniLM-L6-v2; without it, or
    /// if it cannot be loaded, search runs on BM25 alone and says so.
    pub fn open_or_build(
        kb_dir: &Path,
        cache_dir: &Path,
        model_dir: Option<&Path>,
    ) -> Result<Self, KbError> {
        Self::open_inner(kb_dir, cache_dir, model_dir, false)
    }

    /// Like [`Index::open_or_build`] but always rebuilds, replacing the cache.
    pub fn reindex(
        kb_dir: &Path,
        cache_dir: &Path,
        model_dir: Option<&Path>,
    ) -> Result<Self, KbError> {
        Self::open_inner(kb_dir, cache_dir, model_dir, true)
    }

    fn open_inner(
        kb_dir: &Path,
        cache_dir: &Path,
        model_dir: Option<&Path>,
        force: bool,
    ) -> Result<Self, KbError> {
        let files = read_page_files(kb_dir)?;
        let kb = KnowledgeBase::from_files(&files)?;
        let (embedder, degraded) = match model_dir {
            None => (None, Some("no embedding model configured".to_string())),
            Some(dir) => match Embedder::load(dir) {
                Ok(e) => (Some(e), None),
                Err(e) => {
                    tracing::warn!(error = %e, "embedding model unusable, searching with BM25 only");
                    (None, Some(e.to_string()))
                }
            },
        };

        let mut hasher = Sha256::new();
        hasher.update(format!(
            "tempo-kb chunker={CHUNKER_VERSION} window={WINDOW_WORDS}/{OVERLAP_WORDS} analyzer={ANALYZER_VERSION}\n"
        ));
        for f in &files {
            let rel = f.path.strip_prefix(kb_dir).unwrap_or(&f.path);
            hasher.update(rel.to_string_lossy().as_bytes());
            hasher.update((f.bytes.len() as u64).to_le_bytes());
            hasher.update(&f.bytes);
        }
        hasher.update(embedder.as_ref().map_or("bm25-only", |e| e.id.as_str()));
        let key = format!("{:x}", hasher.finalize())[..16].to_string();
        let dir = cache_dir.join(&key);

        std::fs::create_dir_all(cache_dir).map_err(|source| KbError::Io {
            path: cache_dir.to_path_buf(),
            source,
        })?;
        let cached = if force {
            None
        } else {
            match Self::open_cached(&dir, &key, embedder.as_ref()) {
                Ok(found) => found,
                Err(e) => {
                    tracing::warn!(error = %e, "index cache unusable, rebuilding");
                    None
                }
            }
        };
        let (chunks, lexical, vectors) = match cached {
            Some(parts) => parts,
            None => Self::build(&kb, &dir, &key, embedder.as_ref())?,
        };
        remove_other_caches(cache_dir, &key);

        let dense = match (embedder, vectors) {
            (Some(embedder), Some(vectors)) => Some(Dense { embedder, vectors }),
            _ => None,
        };
        Ok(Self {
            kb,
            chunks,
            lexical,
            dense,
            degraded,
            cache_dir: dir,
        })
    }

    #[allow(clippy::type_complexity)]
    fn open_cached(
        dir: &Path,
        key: &str,
        embedder: Option<&Embedder>,
    ) -> Result<Option<(Vec<Chunk>, Lexical, Option<Vec<f32>>)>, KbError> {
        let manifest_path = dir.join(MANIFEST);
        if !manifest_path.exists() {
            return Ok(None);
        }
        let manifest: Manifest = read_json(&manifest_path)?;
        let expected_embeddings = embedder.map(|e| (e.id.clone(), e.dim));
        if manifest.key != key || manifest.embeddings != expected_embeddings {
            return Ok(None);
        }
        let chunks: Vec<Chunk> = read_json(&dir.join(CHUNKS))?;
        let lexical = Lexical::open(&dir.join(TANTIVY_DIR))?;
        let vectors = match &manifest.embeddings {
            None => None,
            Some((_, dim)) => Some(read_vectors(&dir.join(EMBEDDINGS), chunks.len() * dim)?),
        };
        if chunks.len() != manifest.chunks || lexical.num_docs() != chunks.len() as u64 {
            return Err(KbError::Cache {
                path: dir.to_path_buf(),
                problem: "chunk count does not match the manifest".into(),
            });
        }
        tracing::debug!(dir = %dir.display(), "opened cached knowledge-base index");
        Ok(Some((chunks, lexical, vectors)))
    }

    /// Builds into a temporary sibling directory and renames it into place, so
    /// a crash or a concurrent start never leaves a half-written cache under the key.
    #[allow(clippy::type_complexity)]
    fn build(
        kb: &KnowledgeBase,
        dir: &Path,
        key: &str,
        embedder: Option<&Embedder>,
    ) -> Result<(Vec<Chunk>, Lexical, Option<Vec<f32>>), KbError> {
        let started = std::time::Instant::now();
        let chunks = chunk_knowledge_base(kb);
        let parent = dir.parent().unwrap_or(Path::new("."));
        // Unique per build, also between threads of one process (tests, an app
        // that reindexes while another open is under way).
        static BUILDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = parent.join(format!(".building-{key}-{}-{n}", std::process::id()));
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| KbError::Io { path, source }
        };
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
        }
        std::fs::create_dir_all(tmp.join(TANTIVY_DIR)).map_err(io(&tmp))?;

        let result = (|| {
            let topics: HashMap<&str, String> = kb
                .pages()
                .iter()
                .map(|p| (p.id.as_str(), p.topics.join(", ")))
                .collect();
            let topic_of = |id: &str| topics.get(id).cloned().unwrap_or_default();
            Lexical::build(&tmp.join(TANTIVY_DIR), &chunks, &topic_of)?;
            let vectors = match embedder {
                None => None,
                Some(e) => {
                    let texts: Vec<String> = chunks.iter().map(Chunk::embedding_text).collect();
                    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                    let vectors: Vec<f32> = e.embed(&refs)?.into_iter().flatten().collect();
                    let bytes: Vec<u8> = vectors.iter().flat_map(|v| v.to_le_bytes()).collect();
                    std::fs::write(tmp.join(EMBEDDINGS), bytes).map_err(io(&tmp))?;
                    Some(vectors)
                }
            };
            write_json(&tmp.join(CHUNKS), &chunks)?;
            write_json(
                &tmp.join(MANIFEST),
                &Manifest {
                    key: key.to_string(),
                    chunks: chunks.len(),
                    embeddings: embedder.map(|e| (e.id.clone(), e.dim)),
                },
            )?;
            // Another process may have finished the same key meanwhile; ours
            // replaces it (same inputs, same content).
            if dir.exists() {
                std::fs::remove_dir_all(dir).map_err(io(dir))?;
            }
            std::fs::rename(&tmp, dir).map_err(io(dir))?;
            Ok(vectors)
        })();
        let vectors = match result {
            Ok(v) => v,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(e);
            }
        };
        // Reopen from the final location: the reader must not point into `tmp`.
        let lexical = Lexical::open(&dir.join(TANTIVY_DIR))?;
        tracing::info!(
            chunks = chunks.len(),
            embeddings = vectors.is_some(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "built knowledge-base index"
        );
        Ok((chunks, lexical, vectors))
    }

    /// Hybrid search (or BM25 alone in degraded mode): at most `k` hits,
    /// at most [`MAX_HITS_PER_PAGE`] per page, best first.
    ///
    /// `lang` is the query's language (guessed from the words when `None`).
    /// BM25 matches both languages' pages whatever it is, because French
    /// questions are often answered by English-only pages; it decides how
    /// much the English-only embedding model counts (nothing for French, see
    /// `FRENCH_DENSE_WEIGHT`).
    pub fn search(
        &self,
        query: &str,
        k: usize,
        lang: Option<Lang>,
    ) -> Result<SearchResults, KbError> {
        // Deep enough that k distinct page families survive the deduplication
        // even when one long page holds most of the matching chunks.
        let depth = FUSION_DEPTH.max(k * 25);
        let lexical = self.lexical.search(query, depth)?;
        let query_lang = lang.unwrap_or_else(|| detect_language(query));
        let Some(dense) = &self.dense else {
            return Ok(SearchResults {
                mode: self.mode(),
                hits: self.hits(lexical, k, Some(query_lang)),
            });
        };
        let dense_weight = match query_lang {
            Lang::En => 1.0,
            Lang::Fr => FRENCH_DENSE_WEIGHT,
        };
        let semantic = if dense_weight > 0.0 {
            dense.search(query, depth)?
        } else {
            Vec::new()
        };
        let mut fused: HashMap<usize, f32> = HashMap::new();
        for (list, weight) in [(&lexical, 1.0), (&semantic, dense_weight)] {
            for (rank, &(chunk, _)) in list.iter().enumerate() {
                *fused.entry(chunk).or_default() += weight / (RRF_K + rank as f32 + 1.0);
            }
        }
        let mut ranked: Vec<(usize, f32)> = fused.into_iter().collect();
        // Ties broken by chunk number so results are deterministic.
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(SearchResults {
            mode: SearchMode::Hybrid,
            hits: self.hits(ranked, k, Some(query_lang)),
        })
    }

    /// BM25 alone, same shape as [`Index::search`] (used by the evaluation).
    /// BM25 does not depend on the query language (both analyzers run).
    pub fn search_bm25(&self, query: &str, k: usize) -> Result<SearchResults, KbError> {
        let ranked = self.lexical.search(query, FUSION_DEPTH.max(k * 4))?;
        Ok(SearchResults {
            mode: SearchMode::Bm25Only {
                reason: "BM25 requested".into(),
            },
            hits: self.hits(ranked, k, Some(detect_language(query))),
        })
    }

    /// Embeddings alone; `None` when there is no usable model.
    pub fn search_dense(&self, query: &str, k: usize) -> Result<Option<SearchResults>, KbError> {
        let Some(dense) = &self.dense else {
            return Ok(None);
        };
        let ranked = dense.search(query, FUSION_DEPTH.max(k * 4))?;
        Ok(Some(SearchResults {
            mode: SearchMode::Hybrid,
            hits: self.hits(ranked, k, Some(detect_language(query))),
        }))
    }

    /// What [`Index::search`] will do: hybrid, or BM25 only and why.
    pub fn mode(&self) -> SearchMode {
        match (&self.dense, &self.degraded) {
            (Some(_), _) => SearchMode::Hybrid,
            (None, reason) => SearchMode::Bm25Only {
                reason: reason.clone().unwrap_or_else(|| "no embeddings".into()),
            },
        }
    }

    pub fn page(&self, id: &str) -> Option<&Page> {
        self.kb.page(id)
    }

    pub fn knowledge_base(&self) -> &KnowledgeBase {
        &self.kb
    }

    pub fn chunk_count(&self) -> usize {
        self.chunks.len()
    }

    /// The cache directory this index was opened from.
    pub fn cache_path(&self) -> &Path {
        &self.cache_dir
    }

    /// Turns a ranked chunk list into at most `k` hits, one per page family.
    /// A family's place is that of its best chunk; the page shown is the one in
    /// `prefer` (the asker's language) when the family has a ranked chunk in it,
    /// so a French question gets the French page rather than its English twin.
    fn hits(&self, ranked: Vec<(usize, f32)>, k: usize, prefer: Option<Lang>) -> Vec<Hit> {
        struct Family {
            score: f32,
            best: usize,
            preferred: Option<usize>,
        }
        let mut order: Vec<&str> = Vec::new();
        let mut families: HashMap<&str, Family> = HashMap::new();
        for (i, score) in ranked {
            let Some(chunk) = self.chunks.get(i) else {
                continue;
            };
            let family = self.family(&chunk.page_id);
            let in_preferred = prefer == Some(chunk.language);
            match families.get_mut(family) {
                Some(f) => {
                    if in_preferred && f.preferred.is_none() {
                        f.preferred = Some(i);
                    }
                }
                None => {
                    // Once k families are placed, later chunks can only supply a
                    // preferred-language twin for one of them.
                    if order.len() == k {
                        continue;
                    }
                    order.push(family);
                    families.insert(
                        family,
                        Family {
                            score,
                            best: i,
                            preferred: in_preferred.then_some(i),
                        },
                    );
                }
            }
        }
        order
            .into_iter()
            .filter_map(|family| {
                let f = families.get(family)?;
                let chunk = &self.chunks[f.preferred.unwrap_or(f.best)];
                Some(Hit {
                    page_id: chunk.page_id.clone(),
                    title: chunk.page_title.clone(),
                    heading: chunk.heading_path(),
                    language: chunk.language,
                    score: f.score,
                    text: chunk.text.clone(),
                })
            })
            .collect()
    }

    /// The id naming a page's family: the smaller of its id and its translation's.
    fn family<'a>(&'a self, page_id: &'a str) -> &'a str {
        match self.kb.page(page_id).and_then(|p| p.translation.as_deref()) {
            Some(twin) if twin < page_id => twin,
            _ => page_id,
        }
    }
}

impl Dense {
    fn search(&self, query: &str, limit: usize) -> Result<Vec<(usize, f32)>, KbError> {
        let q = self
            .embedder
            .embed(&[query])?
            .pop()
            .ok_or_else(|| KbError::Embedding("no vector for the query".into()))?;
        let mut scored: Vec<(usize, f32)> = self
            .vectors
            .chunks_exact(self.embedder.dim)
            .map(|row| row.iter().zip(&q).map(|(a, b)| a * b).sum::<f32>())
            .enumerate()
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(limit);
        Ok(scored)
    }
}

pub(crate) fn chunk_knowledge_base(kb: &KnowledgeBase) -> Vec<Chunk> {
    kb.pages()
        .iter()
        .flat_map(|p| chunk_page(p, WINDOW_WORDS, OVERLAP_WORDS))
        .collect()
}

/// Removes caches of earlier corpora or models. Only names that look like
/// our keys (16 hex digits) are touched, so a cache folder shared with
/// something else is left alone; a `.building-*` folder is removed only once
/// it is an hour old, since a younger one may be another process's build.
fn remove_other_caches(cache_dir: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(cache_dir) else {
        return;
    };
    let hour = std::time::Duration::from_secs(3600);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_key = name.len() == 16 && name.bytes().all(|b| b.is_ascii_hexdigit());
        let is_stale_build = name.starts_with(".building-")
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > hour));
        if name != keep
            && (is_key || is_stale_build)
            && let Err(e) = std::fs::remove_dir_all(entry.path())
        {
            tracing::warn!(path = %entry.path().display(), error = %e, "could not remove an old index cache");
        }
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, KbError> {
    let bytes = std::fs::read(path).map_err(|source| KbError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|e| KbError::Cache {
        path: path.to_path_buf(),
        problem: e.to_string(),
    })
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), KbError> {
    let bytes = serde_json::to_vec(value).map_err(|e| KbError::Cache {
        path: path.to_path_buf(),
        problem: e.to_string(),
    })?;
    std::fs::write(path, bytes).map_err(|source| KbError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn read_vectors(path: &Path, expected_len: usize) -> Result<Vec<f32>, KbError> {
    let bytes = std::fs::read(path).map_err(|source| KbError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if bytes.len() != expected_len * 4 {
        return Err(KbError::Cache {
            path: path.to_path_buf(),
            problem: format!("{} bytes, expected {}", bytes.len(), expected_len * 4),
        });
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect())
}

/// A deliberately simple guess at the query's language when the caller gives
/// none: accented letters or French function words mean French. Queries are
/// short, so a statistical detector would not do better on a few words.
pub(crate) fn detect_language(query: &str) -> Lang {
    const FRENCH_WORDS: &[&str] = &[
        "le", "la", "les", "un", "une", "des", "du", "de", "et", "est", "je", "j", "tu", "il",
        "mon", "ma", "mes", "pour", "avec", "sans", "sur", "dans", "quel", "quelle", "quelles",
        "comment", "combien", "pourquoi", "quoi", "faut", "faire", "ce", "c", "qu", "que", "ou",
        "pas", "au", "aux", "en", "ça", "ca", "entre", "après", "avant", "peux", "dois",
    ];
    const ENGLISH_WORDS: &[&str] = &[
        "the", "a", "an", "and", "is", "i", "my", "for", "with", "without", "on", "in", "what",
        "how", "why", "which", "should", "do", "does", "can", "to", "of", "it", "are", "after",
        "before", "much", "many",
    ];
    let lower = query.to_lowercase();
    let accents = lower
        .chars()
        .filter(|c| "éèêàâùûôîïçœ".contains(*c))
        .count();
    let (mut fr, mut en) = (accents, 0);
    for word in lower.split(|c: char| !c.is_alphanumeric() && c != 'ç') {
        fr += usize::from(FRENCH_WORDS.contains(&word));
        en += usize::from(ENGLISH_WORDS.contains(&word));
    }
    if fr > en { Lang::Fr } else { Lang::En }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_the_language_of_the_evaluation_questions() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../knowledge_base/eval");
        let (mut total, mut wrong) = (0, Vec::new());
        for entry in std::fs::read_dir(dir).unwrap() {
            for line in std::fs::read_to_string(entry.unwrap().path())
                .unwrap()
                .lines()
            {
                let Ok(q) = serde_json::from_str::<serde_json::Value>(line) else {
                    continue;
                };
                let text = q["question"].as_str().unwrap();
                let expected = if q["lang"] == "fr" {
                    Lang::Fr
                } else {
                    Lang::En
                };
                total += 1;
                if detect_language(text) != expected {
                    wrong.push(text.to_string());
                }
            }
        }
        assert!(total >= 80);
        assert!(
            wrong.len() <= total / 20,
            "{} of {total} wrong: {wrong:#?}",
            wrong.len()
        );
        assert_eq!(detect_language("comment calculer ma VMA"), Lang::Fr);
        assert_eq!(detect_language("how do I taper"), Lang::En);
    }
}
