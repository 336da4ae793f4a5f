//! The in-process GGUF model (llama.cpp). Placeholder until it lands in this
//! change set.

use std::path::Path;

use crate::CoachError;

#[derive(Debug, Default, Clone)]
pub struct LocalOptions;

#[derive(Debug)]
pub struct LocalModel;

impl LocalModel {
    pub fn load(path: &Path, _options: LocalOptions) -> Result<LocalModel, CoachError> {
        Err(CoachError::Local(format!("cannot load {}", path.display())))
    }
}
