//! Which language a question is in, so the answer (and the grounded mode's
//! fixed text) is in the same one. Tempo speaks English and French; whatlang's
//! trigram detector, restricted to those two, decides. A question too short to
//! tell ("VMA ?") falls back to the app's language.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Fr,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("en") => Some(Lang::En),
            Some("fr") => Some(Lang::Fr),
            _ => None,
        }
    }

    /// The language's name in English, for the prompt ("answer in French").
    pub fn english_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "French",
        }
    }
}

/// The language of `text`, or `fallback` when the text does not say.
pub fn detect(text: &str, fallback: Lang) -> Lang {
    let words = text.split_whitespace().count();
    // Accented letters that English never uses settle it even for two words.
    if text
        .chars()
        .any(|c| "éèêàùûôîçœ".contains(c.to_ascii_lowercase()))
    {
        return Lang::Fr;
    }
    if words < 3 {
        return fallback;
    }
    let detector =
        whatlang::Detector::with_allowlist(vec![whatlang::Lang::Eng, whatlang::Lang::Fra]);
    match detector.detect(text) {
        Some(info) if info.confidence() > 0.2 || words >= 6 => match info.lang() {
            whatlang::Lang::Fra => Lang::Fr,
            _ => Lang::En,
        },
        _ => fallback,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_in_each_language() {
        for q in [
            "Am I ready for my half marathon next month?",
            "How should I pace my long run this weekend",
            "What is my current fitness",
            "Why was yesterday's tempo run so hard?",
        ] {
            assert_eq!(detect(q, Lang::Fr), Lang::En, "{q}");
        }
        for q in [
            "Suis-je prêt pour mon semi-marathon le mois prochain ?",
            "Comment gérer ma sortie longue ce week-end",
            "Quelle est ma forme actuelle",
            "Pourquoi ma séance d'hier était si dure ?",
            "combien de kilomètres par semaine pour un marathon",
        ] {
            assert_eq!(detect(q, Lang::En), Lang::Fr, "{q}");
        }
    }

    #[test]
    fn too_short_to_tell_uses_the_fallback() {
        assert_eq!(detect("VMA ?", Lang::Fr), Lang::Fr);
        assert_eq!(detect("VMA ?", Lang::En), Lang::En);
    }
}
