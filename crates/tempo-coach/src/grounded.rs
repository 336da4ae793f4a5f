//! The answer with no model.
