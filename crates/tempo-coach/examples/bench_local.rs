//! Benchmark of the local model through Tempo's own path ([`LocalModel`] and
//! [`ChatModel::stream`]): load time, time to first token, prompt and decode
//! speed, memory. Prints one JSON object per configuration, comparable with
//! llama.cpp's `llama-bench` (`scripts/bench-local-model.sh` runs both).
//!
//! ```text
//! cargo run --release -p tempo-coach --example bench_local -- \
//!     --model path.gguf --prompt 512 --gen 128 --threads 2 --runs 3
//! ```
//!
//! Greedy sampling, and the median of `--runs` runs after one warm-up.

use std::path::PathBuf;
use std::time::Instant;

use tempo_coach::providers::local::{LocalModel, LocalOptions, LocalTiming};
use tempo_coach::{CancellationToken, ChatModel, ChatRequest, Message};

struct Args {
    model: PathBuf,
    prompts: Vec<usize>,
    gens: Vec<u32>,
    threads: usize,
    runs: usize,
}

fn parse_args() -> Args {
    let mut args = Args {
        model: std::env::var_os("TEMPO_TEST_GGUF")
            .map(PathBuf::from)
            .unwrap_or_default(),
        prompts: vec![512],
        gens: vec![128],
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        runs: 3,
    };
    let list = |v: String| -> Vec<usize> {
        v.split(',')
            .map(|n| n.trim().parse().expect("a number"))
            .collect()
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--model" => args.model = PathBuf::from(value),
            "--prompt" => args.prompts = list(value),
            "--gen" => args.gens = list(value).into_iter().map(|n| n as u32).collect(),
            "--threads" => args.threads = value.parse().expect("a number"),
            "--runs" => args.runs = value.parse().expect("a number"),
            other => panic!("unknown flag {other}"),
        }
    }
    assert!(
        !args.model.as_os_str().is_empty(),
        "give --model or set TEMPO_TEST_GGUF"
    );
    args
}

/// Resident and peak resident memory of this process, in MiB (Linux).
fn rss_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// A user message of about `tokens` tokens (the transcript adds a few).
fn prompt_of(model: &LocalModel, tokens: usize) -> String {
    const SENTENCE: &str = "Yesterday I ran twelve kilometres at an easy pace, \
        with four strides at the end, and my legs felt heavy on the hills. ";
    let mut text = String::new();
    while model.count_tokens(&text) < tokens {
        text.push_str(SENTENCE);
    }
    // Trim back to the target by words.
    while model.count_tokens(&text) > tokens {
        let cut = text.trim_end().rfind(' ').unwrap_or(0);
        text.truncate(cut);
    }
    text
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let args = parse_args();
    let started = Instant::now();
    let model = LocalModel::load(
        &args.model,
        LocalOptions {
            threads: Some(args.threads),
            ..LocalOptions::default()
        },
    )
    .expect("model loads");
    let load_s = started.elapsed().as_secs_f64();
    let (rss_loaded, _) = rss_mib();

    for &prompt_tokens in &args.prompts {
        for &gen_tokens in &args.gens {
            // Only the user message: the test model has no template, so the
            // prompt is "User: …\nAssistant:" (about 5 tokens more).
            let request = ChatRequest {
                model: String::new(),
                messages: vec![Message::user(prompt_of(&model, prompt_tokens))],
                tools: Vec::new(),
                temperature: Some(0.0),
                max_tokens: Some(gen_tokens),
            };
            let mut timings: Vec<LocalTiming> = Vec::new();
            for run in 0..=args.runs {
                model
                    .stream(&request, &|_| {}, &CancellationToken::new())
                    .await
                    .expect("generation");
                // Run 0 warms caches and is not counted.
                if run > 0 {
                    timings.push(model.last_timing().expect("timing"));
                }
            }
            let (rss, peak) = rss_mib();
            let last = timings.last().copied().unwrap_or_default();
            let json = serde_json::json!({
                "model": model.model(),
                "threads": args.threads,
                "n_ctx": model.n_ctx(),
                "runs": args.runs,
                "prompt_tokens": last.prompt_tokens,
                "generated_tokens": last.generated_tokens,
                "load_s": (load_s * 1000.0).round() / 1000.0,
                "ttft_ms": median(timings.iter().map(|t| t.time_to_first_token.as_secs_f64() * 1000.0).collect()),
                "prompt_tok_s": median(timings.iter().map(LocalTiming::prompt_tokens_per_s).collect()),
                "decode_tok_s": median(timings.iter().map(LocalTiming::decode_tokens_per_s).collect()),
                "rss_after_load_mib": rss_loaded.round(),
                "rss_mib": rss.round(),
                "peak_rss_mib": peak.round(),
            });
            println!("{json}");
        }
    }
}
