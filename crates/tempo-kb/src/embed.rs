//! Sentence embeddings in-process: all-MiniLM-L6-v2 (a 6-layer BERT) run by
//! candle on the CPU, mean-pooled over real tokens and L2-normalised so a dot
//! product is the cosine similarity.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use sha2::{Digest, Sha256};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use crate::KbError;

/// Word pieces per input. MiniLM was trained on 128 but sentence-transformers
/// runs it at 256; chunks are sized to fit (see `chunk::WINDOW_WORDS`).
const MAX_TOKENS: usize = 256;
/// Chunks per forward pass at index build: large enough to keep the matrix
/// multiplications efficient, small enough that padding stays cheap.
const BATCH: usize = 16;

/// A loaded embedding model. Forward passes take `&self`, so one model serves
/// concurrent searches.
pub(crate) struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
    /// Identifies the model files in the cache key.
    pub id: String,
    pub dim: usize,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("id", &self.id)
            .field("dim", &self.dim)
            .finish_non_exhaustive()
    }
}

impl Embedder {
    /// Loads `config.json`, `tokenizer.json` and `model.safetensors` from `dir`.
    pub fn load(dir: &Path) -> Result<Self, KbError> {
        let model_err = |path: PathBuf, reason: String| KbError::Model { path, reason };
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|e| model_err(path, e.to_string()))
        };
        let config_bytes = read("config.json")?;
        let tokenizer_bytes = read("tokenizer.json")?;
        let weights = dir.join("model.safetensors");
        let weights_len = std::fs::metadata(&weights)
            .map_err(|e| model_err(weights.clone(), e.to_string()))?
            .len();

        let config: Config = serde_json::from_slice(&config_bytes)
            .map_err(|e| model_err(dir.join("config.json"), e.to_string()))?;
        let mut tokenizer = Tokenizer::from_bytes(&tokenizer_bytes)
            .map_err(|e| model_err(dir.join("tokenizer.json"), e.to_string()))?;
        // The shipped tokenizer pads every input to 128; pad a batch only to its
        // longest member instead, and truncate at MAX_TOKENS.
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..PaddingParams::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| model_err(dir.join("tokenizer.json"), e.to_string()))?;

        let device = Device::Cpu;
        // Reading the file (rather than mmap) keeps the crate free of unsafe; it is 90 MB once.
        let vb = VarBuilder::from_buffered_safetensors(
            std::fs::read(&weights).map_err(|e| model_err(weights.clone(), e.to_string()))?,
            DType::F32,
            &device,
        )
        .map_err(|e| model_err(weights.clone(), e.to_string()))?;
        let model = BertModel::load(vb, &config).map_err(|e| model_err(weights, e.to_string()))?;

        // Hashing the 90 MB weights on every start would cost more than the
        // search; their length plus the exact config and vocabulary identify
        // the model well enough to invalidate the cache when it is swapped.
        let mut hasher = Sha256::new();
        hasher.update(&config_bytes);
        hasher.update(&tokenizer_bytes);
        hasher.update(weights_len.to_le_bytes());
        let id = format!("{:x}", hasher.finalize());
        Ok(Self {
            model,
            tokenizer,
            device,
            id,
            dim: config.hidden_size,
        })
    }

    /// One normalised vector per text, in input order.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, KbError> {
        // Batching texts of similar length wastes less work on padding.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        for batch in order.chunks(BATCH) {
            let inputs: Vec<&str> = batch.iter().map(|&i| texts[i]).collect();
            for (&i, v) in batch.iter().zip(self.embed_batch(&inputs)?) {
                out[i] = v;
            }
        }
        Ok(out)
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, KbError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| KbError::Embedding(e.to_string()))?;
        let rows = encodings.len();
        let cols = encodings.first().map_or(0, |e| e.get_ids().len());
        let flat = |f: &dyn Fn(&tokenizers::Encoding) -> &[u32]| -> Vec<u32> {
            encodings
                .iter()
                .flat_map(|e| f(e).iter().copied())
                .collect()
        };
        let run = || -> candle_core::Result<Vec<Vec<f32>>> {
            let ids = Tensor::from_vec(flat(&|e| e.get_ids()), (rows, cols), &self.device)?;
            let types = Tensor::from_vec(flat(&|e| e.get_type_ids()), (rows, cols), &self.device)?;
            let mask = Tensor::from_vec(
                flat(&|e| e.get_attention_mask()),
                (rows, cols),
                &self.device,
            )?;
            let hidden = self.model.forward(&ids, &types, Some(&mask))?;
            // Mean over real tokens only: padding must not dilute short texts.
            let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
            let counts = mask.sum(1)?;
            let mean = summed.broadcast_div(&counts)?;
            let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
            mean.broadcast_div(&norm)?.to_vec2::<f32>()
        };
        run().map_err(|e| KbError::Embedding(e.to_string()))
    }
}
