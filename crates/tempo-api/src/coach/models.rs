//! The local model's files: the recommended models, and downloading one
//! into the models folder (resumable, sha256-checked), which then becomes
//! the local model.

use serde::{Deserialize, Serialize};
use tempo_coach::CancellationToken;
use tempo_coach::download::{self, CATALOGUE};

use super::{from_coach, stored};
use crate::{AppError, ErrorCode, Tempo};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct RecommendedModel {
    pub id: String,
    pub name: String,
    /// Approximate download size in bytes.
    pub size_bytes: f64,
    pub license: String,
    pub license_url: String,
    pub note: String,
    /// The downloaded file, when it is already there.
    pub path: Option<String>,
}

/// How far a download is (bytes; a number, not a bigint, for the UI).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct DownloadProgress {
    pub done: f64,
    pub total: Option<f64>,
}

/// The catalogue with what is already downloaded.
pub fn recommended_models(tempo: &Tempo) -> Result<Vec<RecommendedModel>, AppError> {
    let dir = tempo.dirs()?.models();
    Ok(CATALOGUE
        .iter()
        .map(|m| {
            let path = dir.join(m.file_name);
            RecommendedModel {
                id: m.id.to_owned(),
                name: m.name.to_owned(),
                size_bytes: m.approx_bytes as f64,
                license: m.licence.to_owned(),
                license_url: m.licence_url.to_owned(),
                note: m.note.to_owned(),
                path: path.is_file().then(|| path.display().to_string()),
            }
        })
        .collect())
}

/// Downloads a recommended model (or finds it already there) and makes it
/// the local model; returns its path. Needs the internet; never run by the
/// tests against the real host.
pub async fn download_model(
    tempo: &Tempo,
    id: &str,
    progress: &(dyn Fn(DownloadProgress) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<String, AppError> {
    let m = download::catalogue_model(id)
        .ok_or_else(|| AppError::invalid("id", format!("no recommended model {id:?}")))?;
    let dir = tempo.dirs()?.models();
    std::fs::create_dir_all(&dir).map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("cannot create {}: {e}", dir.display()),
        )
    })?;
    let dest = dir.join(m.file_name);
    let path = download::download(
        m.url,
        &dest,
        |p| {
            progress(DownloadProgress {
                done: p.done as f64,
                total: p.total.map(|t| t as f64),
            })
        },
        cancel,
    )
    .await
    .map_err(|e| {
        if cancel.is_cancelled() {
            AppError::new(
                ErrorCode::Cancelled,
                "download stopped; it resumes where it left off next time",
            )
        } else {
            from_coach(e)
        }
    })?;
    let path = path.display().to_string();
    // Becomes the local model; the provider in use stays as it was.
    let mut s = stored(tempo).await?;
    s.local_model_path = Some(path.clone());
    super::save(tempo, &s).await?;
    Ok(path)
}
