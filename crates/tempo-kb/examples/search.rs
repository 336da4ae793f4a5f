//! Ask the knowledge base a question from the command line:
//! `cargo run -p tempo-kb --example search -- "comment calculer ma VMA" [fr|en]`
//! Uses the model in `TEMPO_EMBEDDING_MODEL` when set, and a cache under the
//! system temp folder.

use std::path::PathBuf;

use tempo_kb::{Index, Lang};

fn main() -> Result<(), tempo_kb::KbError> {
    let mut args = std::env::args().skip(1);
    let query = args
        .next()
        .unwrap_or_else(|| "comment calculer ma VMA".into());
    let lang = match args.next().as_deref() {
        Some("fr") => Some(Lang::Fr),
        Some("en") => Some(Lang::En),
        _ => None,
    };
    let kb = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../knowledge_base");
    let cache = std::env::temp_dir().join("tempo-kb-example-cache");
    let model = std::env::var_os("TEMPO_EMBEDDING_MODEL").map(PathBuf::from);
    let index = Index::open_or_build(&kb, &cache, model.as_deref())?;
    let show = |name: &str, results: tempo_kb::SearchResults| {
        println!("== {name} ({:?})", results.mode);
        for hit in results.hits {
            println!("{:>8.4}  {:<36} {}", hit.score, hit.page_id, hit.heading);
        }
    };
    show("bm25", index.search_bm25(&query, 8)?);
    if let Some(dense) = index.search_dense(&query, 8)? {
        show("dense", dense);
    }
    show("search", index.search(&query, 8, lang)?);
    Ok(())
}
