//! Index build time and search latency on the real knowledge base.
//!
//! `CARGO_TARGET_DIR=… TEMPO_EMBEDDING_MODEL=/path/to/model cargo bench -p tempo-kb`
//!
//! Before divan's own benchmarks it prints p50/p95 search latency over the
//! evaluation questions (divan reports medians, not tails): warm (index
//! open, every question asked three times) and cold (the first query after
//! opening the index from its cache, the case of an app that just started).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tempo_kb::{Index, Lang};

fn kb_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../knowledge_base")
}

fn model_dir() -> Option<PathBuf> {
    std::env::var_os("TEMPO_EMBEDDING_MODEL")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn questions() -> Vec<(String, Lang)> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(kb_dir().join("eval"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        for line in std::fs::read_to_string(file).unwrap().lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                let lang = if v["lang"] == "fr" {
                    Lang::Fr
                } else {
                    Lang::En
                };
                out.push((v["question"].as_str().unwrap_or_default().to_string(), lang));
            }
        }
    }
    out
}

fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let at = |p: f64| samples[((samples.len() - 1) as f64 * p).round() as usize];
    (at(0.50), at(0.95))
}

fn latency_report(name: &str, model: Option<&Path>) {
    let cache = tempfile::tempdir().unwrap();
    let started = Instant::now();
    drop(Index::open_or_build(&kb_dir(), cache.path(), model).unwrap());
    let build = started.elapsed();

    let qs = questions();
    let mut cold = Vec::new();
    let mut open = Vec::new();
    for (q, lang) in qs.iter().take(5) {
        let t = Instant::now();
        let index = Index::open_or_build(&kb_dir(), cache.path(), model).unwrap();
        open.push(t.elapsed());
        let t = Instant::now();
        index.search(q, 5, Some(*lang)).unwrap();
        cold.push(t.elapsed());
    }
    let index = Index::open_or_build(&kb_dir(), cache.path(), model).unwrap();
    let mut warm = Vec::new();
    for _ in 0..3 {
        for (q, lang) in &qs {
            let t = Instant::now();
            std::hint::black_box(index.search(q, 5, Some(*lang)).unwrap());
            warm.push(t.elapsed());
        }
    }
    let (p50, p95) = percentiles(warm);
    let (open50, _) = percentiles(open);
    let (cold50, _) = percentiles(cold);
    println!(
        "{name}: build {build:.2?} ({} chunks) | open from cache p50 {open50:.2?} | cold first query p50 {cold50:.2?} | warm p50 {p50:.2?} p95 {p95:.2?} over {} questions ×3",
        index.chunk_count(),
        qs.len()
    );
}

fn main() {
    latency_report("bm25-only", None);
    match model_dir() {
        Some(model) => latency_report("hybrid", Some(&model)),
        None => println!("hybrid: skipped (TEMPO_EMBEDDING_MODEL unset)"),
    }
    divan::main();
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn build_bm25_only(bencher: divan::Bencher) {
    let cache = tempfile::tempdir().unwrap();
    bencher.bench(|| Index::reindex(&kb_dir(), cache.path(), None).unwrap());
}

#[divan::bench(sample_count = 2, sample_size = 1)]
fn build_with_embeddings(bencher: divan::Bencher) {
    let Some(model) = model_dir() else { return };
    let cache = tempfile::tempdir().unwrap();
    bencher.bench(|| Index::reindex(&kb_dir(), cache.path(), Some(&model)).unwrap());
}

#[divan::bench(args = ["bm25", "hybrid"], sample_count = 20)]
fn search_all_questions(bencher: divan::Bencher, mode: &str) {
    let model = model_dir().filter(|_| mode == "hybrid");
    if mode == "hybrid" && model.is_none() {
        return;
    }
    let cache = tempfile::tempdir().unwrap();
    let index = Index::open_or_build(&kb_dir(), cache.path(), model.as_deref()).unwrap();
    let qs = questions();
    bencher.bench(|| {
        for (q, lang) in &qs {
            std::hint::black_box(index.search(q, 5, Some(*lang)).unwrap());
        }
    });
}
