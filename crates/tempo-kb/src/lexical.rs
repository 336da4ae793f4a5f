//! BM25 over chunks with tantivy, one set of fields per language.
//!
//! A chunk is indexed only in its own language's fields (`*_en` or `*_fr`), each
//! with that language's analyzer. A query is analyzed with *both* analyzers and
//! run against both sets of fields, because a French question often has its
//! answer on an English-only page (and shares terms with it: "VMA", "FTP",
//! "fartlek"). Weighting the fields of the query's language was measured and
//! lowered recall (0.780 → 0.744 at ×1.2, 0.670 when the other language was
//! halved), so both languages count the same. Queries are built from analyzed terms rather than tantivy's
//! query parser so athletes' punctuation ("45-15", "D+", "?") is never syntax.

use std::path::Path;

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, TokenStream,
};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

use crate::KbError;
use crate::chunk::Chunk;
use crate::page::Lang;

/// Bump when analyzers, fields or boosts at index time change: part of the cache key.
pub(crate) const ANALYZER_VERSION: u32 = 1;

const EN_ANALYZER: &str = "tempo_en";
const FR_ANALYZER: &str = "tempo_fr";

/// Title (with the page's topics) says what a chunk is about; body words may
/// only mention it. Measured on the evaluation set (BM25 recall@5 / MRR):
/// title 1 → 0.780/0.732, 2 → 0.780/0.748, 3 → 0.786/0.725; boosting the
/// section heading (1.5) lowered recall to 0.714, so it is not boosted.
const TITLE_BOOST: f32 = 2.0;

#[derive(Debug, Clone, Copy)]
struct LangFields {
    title: Field,
    section: Field,
    body: Field,
}

/// The tantivy side of the index: open reader plus the field handles.
pub(crate) struct Lexical {
    /// Holds the tantivy `Index` alive; searchers come from it.
    reader: IndexReader,
    chunk_field: Field,
    en: LangFields,
    fr: LangFields,
    en_analyzer: TextAnalyzer,
    fr_analyzer: TextAnalyzer,
}

impl std::fmt::Debug for Lexical {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexical").finish_non_exhaustive()
    }
}

fn english_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(StopWordFilter::new(Language::English).expect("tantivy ships English stop words"))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Stop words are removed before folding because tantivy's French list is
/// accented ("à", "été"); folding then makes "séance" and "seance" one term
/// (athletes type without accents), and the stemmer sees folded words on both
/// the index and the query side, so it stays consistent.
fn french_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(StopWordFilter::new(Language::French).expect("tantivy ships French stop words"))
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::French))
        .build()
}

fn schema() -> (Schema, Field, LangFields, LangFields) {
    let mut builder = Schema::builder();
    let chunk_field = builder.add_u64_field("chunk", INDEXED | STORED);
    let mut lang_fields = |suffix: &str, analyzer: &str| {
        let opts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        LangFields {
            title: builder.add_text_field(&format!("title_{suffix}"), opts.clone()),
            section: builder.add_text_field(&format!("section_{suffix}"), opts.clone()),
            body: builder.add_text_field(&format!("body_{suffix}"), opts),
        }
    };
    let en = lang_fields("en", EN_ANALYZER);
    let fr = lang_fields("fr", FR_ANALYZER);
    (builder.build(), chunk_field, en, fr)
}

fn tantivy_error(dir: &Path) -> impl Fn(tantivy::TantivyError) -> KbError + '_ {
    move |source| KbError::Index {
        path: dir.to_path_buf(),
        source: Box::new(source),
    }
}

impl Lexical {
    /// Builds the index in `dir` (which must exist and be empty). Chunk `i` of
    /// `chunks` is stored as document with `chunk = i`; `topics` are page
    /// keywords added to the title field of every chunk of their page.
    pub fn build(
        dir: &Path,
        chunks: &[Chunk],
        topics: &dyn Fn(&str) -> String,
    ) -> Result<Self, KbError> {
        let err = tantivy_error(dir);
        let (schema, chunk_field, en, fr) = schema();
        let index = Index::create_in_dir(dir, schema).map_err(&err)?;
        register(&index);
        // One thread, one segment: a few hundred chunks index in milliseconds
        // and a single segment is the fastest to search.
        let mut writer = index
            .writer_with_num_threads::<TantivyDocument>(1, 20_000_000)
            .map_err(&err)?;
        for (i, chunk) in chunks.iter().enumerate() {
            let f = match chunk.language {
                Lang::En => en,
                Lang::Fr => fr,
            };
            let mut doc = TantivyDocument::default();
            doc.add_u64(chunk_field, i as u64);
            doc.add_text(
                f.title,
                format!("{} {}", chunk.page_title, topics(&chunk.page_id)),
            );
            doc.add_text(f.section, chunk.sections.join(" "));
            doc.add_text(f.body, &chunk.text);
            writer.add_document(doc).map_err(&err)?;
        }
        writer.commit().map_err(&err)?;
        writer.wait_merging_threads().map_err(&err)?;
        Self::from_index(dir, index, chunk_field, en, fr)
    }

    pub fn open(dir: &Path) -> Result<Self, KbError> {
        let err = tantivy_error(dir);
        let index = Index::open_in_dir(dir).map_err(&err)?;
        let (expected, chunk_field, en, fr) = schema();
        if index.schema() != expected {
            return Err(KbError::Cache {
                path: dir.to_path_buf(),
                problem: "the cached index has another schema".into(),
            });
        }
        register(&index);
        Self::from_index(dir, index, chunk_field, en, fr)
    }

    fn from_index(
        dir: &Path,
        index: Index,
        chunk_field: Field,
        en: LangFields,
        fr: LangFields,
    ) -> Result<Self, KbError> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(tantivy_error(dir))?;
        Ok(Self {
            reader,
            chunk_field,
            en,
            fr,
            en_analyzer: english_analyzer(),
            fr_analyzer: french_analyzer(),
        })
    }

    /// Chunk indices and BM25 scores, best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<(usize, f32)>, KbError> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (fields, analyzer) in [(self.en, &self.en_analyzer), (self.fr, &self.fr_analyzer)] {
            let terms = analyze(&mut analyzer.clone(), query);
            for (field, boost) in [
                (fields.title, TITLE_BOOST),
                (fields.section, 1.0),
                (fields.body, 1.0),
            ] {
                for term in &terms {
                    let q = TermQuery::new(
                        Term::from_field_text(field, term),
                        IndexRecordOption::WithFreqs,
                    );
                    clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost))));
                }
            }
        }
        if clauses.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let top = searcher
            .search(
                &query,
                &tantivy::collector::TopDocs::with_limit(limit).order_by_score(),
            )
            .map_err(|source| KbError::Search {
                source: Box::new(source),
            })?;
        top.into_iter()
            .map(|(score, addr): (f32, DocAddress)| {
                let doc: TantivyDocument =
                    searcher.doc(addr).map_err(|source| KbError::Search {
                        source: Box::new(source),
                    })?;
                let chunk = doc
                    .get_first(self.chunk_field)
                    .and_then(|v| v.as_u64())
                    .ok_or_else(|| KbError::Search {
                        source: "an indexed chunk without its chunk number".into(),
                    })?;
                Ok((chunk as usize, score))
            })
            .collect()
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}

fn register(index: &Index) {
    index.tokenizers().register(EN_ANALYZER, english_analyzer());
    index.tokenizers().register(FR_ANALYZER, french_analyzer());
}

/// The distinct terms the analyzer makes of `text`, in order of appearance.
fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut terms: Vec<String> = Vec::new();
    while let Some(token) = stream.next() {
        if !terms.iter().any(|t| t == &token.text) {
            terms.push(token.text.clone());
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_analyzer_folds_accents_and_stems() {
        let a = analyze(&mut french_analyzer(), "la séance");
        let b = analyze(&mut french_analyzer(), "les seances");
        assert_eq!(a, b);
        assert_eq!(a.len(), 1, "stop words removed: {a:?}");
        assert_eq!(
            analyze(&mut french_analyzer(), "fractionné"),
            analyze(&mut french_analyzer(), "fractionne")
        );
    }

    #[test]
    fn english_analyzer_stems_and_drops_stop_words() {
        assert_eq!(
            analyze(&mut english_analyzer(), "the Intervals"),
            analyze(&mut english_analyzer(), "interval")
        );
    }
}
