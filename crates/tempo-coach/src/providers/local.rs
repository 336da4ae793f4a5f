//! The in-process GGUF model (llama.cpp).
