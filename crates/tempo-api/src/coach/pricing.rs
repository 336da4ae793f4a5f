//! Estimated cost of an answer from public list prices.
//!
//! Prices change and differ by account and region, so the figure is an
//! estimate, shown as such; a model missing here has no estimate (`None`),
//! never a guess. Models on this computer (local, Ollama, LM Studio) cost 0.

/// USD per million tokens (input, output), matched on the model name's
/// start; the first match wins, so longer names come first. List prices
/// published by the providers in 2025.
const PRICES: &[(&str, f64, f64)] = &[
    ("gpt-4o-mini", 0.15, 0.60),
    ("gpt-4o", 2.50, 10.00),
    ("gpt-4.1-nano", 0.10, 0.40),
    ("gpt-4.1-mini", 0.40, 1.60),
    ("gpt-4.1", 2.00, 8.00),
    ("o4-mini", 1.10, 4.40),
    ("claude-3-5-haiku", 0.80, 4.00),
    ("claude-3-haiku", 0.25, 1.25),
    ("claude-haiku-4", 1.00, 5.00),
    ("claude-3-5-sonnet", 3.00, 15.00),
    ("claude-3-7-sonnet", 3.00, 15.00),
    ("claude-sonnet-4", 3.00, 15.00),
    ("claude-opus-4", 15.00, 75.00),
    ("gemini-2.0-flash-lite", 0.075, 0.30),
    ("gemini-2.0-flash", 0.10, 0.40),
    ("gemini-2.5-flash-lite", 0.10, 0.40),
    ("gemini-2.5-flash", 0.30, 2.50),
    ("gemini-2.5-pro", 1.25, 10.00),
    ("gemini-1.5-flash", 0.075, 0.30),
    ("mistral-small", 0.10, 0.30),
    ("mistral-large", 2.00, 6.00),
];

/// The estimated cost, or `None` when the model's price is unknown. `local`
/// is true when the model runs on this computer.
pub(crate) fn cost(model: &str, local: bool, prompt: u32, completion: u32) -> Option<f64> {
    if local {
        return Some(0.0);
    }
    // "openai/gpt-4o-mini" (OpenRouter) and "models/gemini-…" name the same models.
    let name = model
        .rsplit('/')
        .next()
        .unwrap_or(model)
        .to_ascii_lowercase();
    PRICES
        .iter()
        .find(|(prefix, _, _)| name.starts_with(prefix))
        .map(|(_, input, output)| {
            (f64::from(prompt) * input + f64::from(completion) * output) / 1_000_000.0
        })
}

#[cfg(test)]
mod tests {
    use super::cost;

    #[test]
    fn known_models_are_priced_and_unknown_ones_are_not() {
        // 1,000 in + 500 out on gpt-4o-mini: 0.00015 + 0.0003.
        let c = cost("gpt-4o-mini-2024-07-18", false, 1000, 500).unwrap();
        assert!((c - 0.00045).abs() < 1e-12);
        // The longer name wins over its prefix.
        let big = cost("gpt-4o", false, 1_000_000, 0).unwrap();
        assert!((big - 2.5).abs() < 1e-9);
        assert_eq!(cost("openai/gpt-4o-mini", false, 1_000_000, 0), Some(0.15));
        assert_eq!(cost("llama3.1:8b", false, 100, 100), None);
        assert_eq!(cost("qwen2.5-1.5b-instruct", true, 100, 100), Some(0.0));
    }
}
