//! The answer with no model: the athlete's relevant numbers and the best
//! knowledge passages, quoted with their citations and labelled as not
//! written by a model. It is the default on a fresh install, so the chat is
//! never a dead end, and it never says anything the data and the pages do not.
//!
//! Which numbers are relevant is decided by the question's words (in English
//! or French): a question about a race gets the predictions, one about being
//! tired gets the load and wellness. With no match it shows the load and the
//! last two weeks, what a coach would look at first.

use crate::agent::{ContextSection, Passage, Source, Topic};
use crate::lang::Lang;

/// Longest quote taken from one passage, in characters.
const QUOTE_CHARS: usize = 420;
/// Passages quoted.
const MAX_PASSAGES: usize = 3;

/// Words that point at each topic, English and French, matched on word starts.
const TOPIC_WORDS: &[(Topic, &[&str])] = &[
    (
        Topic::Load,
        &[
            "fitness",
            "fatigue",
            "form",
            "ctl",
            "atl",
            "tsb",
            "load",
            "tired",
            "overtrain",
            "ramp",
            "forme",
            "charge",
            "fatigu",
            "surentra",
            "fraîch",
            "fresh",
            "recover",
            "récup",
        ],
    ),
    (
        Topic::Race,
        &[
            "race",
            "marathon",
            "semi",
            "half",
            "10k",
            "5k",
            "predict",
            "vdot",
            "pb",
            "record",
            "finish time",
            "goal time",
            "course",
            "chrono",
            "prédi",
            "objectif",
            "ready",
            "prêt",
            "taper",
            "affût",
        ],
    ),
    (
        Topic::Plan,
        &[
            "plan",
            "workout",
            "session",
            "week",
            "schedule",
            "tomorrow",
            "next",
            "séance",
            "semaine",
            "demain",
            "prochain",
            "entraînement",
            "interval",
            "fractionn",
            "long run",
            "sortie longue",
        ],
    ),
    (
        Topic::Recent,
        &[
            "last",
            "recent",
            "yesterday",
            "today",
            "this week",
            "dernier",
            "dernière",
            "récent",
            "hier",
            "aujourd",
            "cette semaine",
            "activity",
            "activité",
            "run",
            "ride",
            "course",
            "sortie",
        ],
    ),
    (
        Topic::Wellness,
        &[
            "sleep",
            "hrv",
            "resting",
            "sore",
            "mood",
            "sommeil",
            "courbature",
            "repos",
            "humeur",
            "fc au repos",
            "wellness",
            "bien-être",
        ],
    ),
    (
        Topic::Profile,
        &[
            "zone",
            "threshold",
            "pace",
            "heart rate",
            "ftp",
            "vma",
            "max hr",
            "seuil",
            "allure",
            "fréquence",
            "fc max",
            "lthr",
            "power",
            "puissance",
        ],
    ),
];

/// The topics a question is about, in the order of [`TOPIC_WORDS`]; the load
/// and the last two weeks when no word matches.
pub fn topics(question: &str) -> Vec<Topic> {
    let q = question.to_lowercase();
    let words: Vec<&str> = q
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let hit = |needle: &str| {
        if needle.contains(' ') {
            q.contains(needle)
        } else {
            words.iter().any(|w| w.starts_with(needle))
        }
    };
    let found: Vec<Topic> = TOPIC_WORDS
        .iter()
        .filter(|(_, needles)| needles.iter().any(|n| hit(n)))
        .map(|(t, _)| *t)
        .collect();
    if found.is_empty() {
        vec![Topic::Load, Topic::Recent]
    } else {
        found
    }
}

/// A grounded answer: markdown text and what it cites.
#[derive(Debug, Clone, PartialEq)]
pub struct GroundedAnswer {
    pub text: String,
    pub citations: Vec<Source>,
}

struct Words {
    numbers: &'static str,
    no_numbers: &'static str,
    knowledge: &'static str,
    no_knowledge: &'static str,
    label: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            numbers: "Your numbers",
            no_numbers: "Tempo has no data on this yet: import activities or set your thresholds in your profile.",
            knowledge: "From the knowledge base",
            no_knowledge: "No knowledge page matches this question.",
            label: "Written without a language model: these are your own figures and passages quoted from Tempo's knowledge base, with their sources. To get a written answer, choose a model (local, Ollama or a cloud provider) in Settings → Coach.",
        },
        Lang::Fr => Words {
            numbers: "Vos chiffres",
            no_numbers: "Tempo n'a pas encore de données à ce sujet : importez des activités ou renseignez vos seuils dans votre profil.",
            knowledge: "Dans la base de connaissances",
            no_knowledge: "Aucune page de la base de connaissances ne correspond à cette question.",
            label: "Rédigé sans modèle de langage : ce sont vos propres chiffres et des passages cités de la base de connaissances de Tempo, avec leurs sources. Pour obtenir une réponse rédigée, choisissez un modèle (local, Ollama ou un fournisseur en ligne) dans Réglages → Coach.",
        },
    }
}

/// Builds the grounded answer from the same context and passages a model
/// would get.
pub fn answer(
    question: &str,
    lang: Lang,
    context: &[ContextSection],
    passages: &[Passage],
) -> GroundedAnswer {
    let w = words(lang);
    let wanted = topics(question);
    let mut citations: Vec<Source> = Vec::new();
    let cite = |s: &Source, citations: &mut Vec<Source>| {
        if !citations.iter().any(|c| c.kind == s.kind && c.id == s.id) {
            citations.push(s.clone());
        }
    };

    let mut text = format!("**{}**\n\n", w.numbers);
    // What the question was asked about comes first, then the topics in the
    // order the question's words named them.
    let mut sections: Vec<&ContextSection> =
        context.iter().filter(|s| s.topic == Topic::Focus).collect();
    for t in &wanted {
        sections.extend(
            context
                .iter()
                .filter(|s| s.topic == *t && !s.facts.is_empty()),
        );
    }
    if sections.iter().all(|s| s.facts.is_empty()) {
        text.push_str(w.no_numbers);
        text.push('\n');
    }
    for s in sections.iter().filter(|s| !s.facts.is_empty()) {
        text.push_str(&format!("*{}*\n", s.title));
        for f in &s.facts {
            match &f.source {
                Some(src) => {
                    text.push_str(&format!("- {} {}\n", f.text, src.marker()));
                    cite(src, &mut citations);
                }
                None => text.push_str(&format!("- {}\n", f.text)),
            }
        }
        text.push('\n');
    }

    text.push_str(&format!("**{}**\n\n", w.knowledge));
    let mut quoted = 0;
    for p in passages {
        if quoted == MAX_PASSAGES {
            break;
        }
        // One quote per page: the best-ranked passage of it.
        if citations
            .iter()
            .any(|c| c.id == p.page_id && c.kind == p.source().kind)
        {
            continue;
        }
        let quote = excerpt(&p.text, QUOTE_CHARS);
        // Headings are breadcrumbs ("Page > Section"): the section is enough
        // beside the page's title.
        let section = p.heading.rsplit(" > ").next().unwrap_or(&p.heading).trim();
        let place = if section.is_empty() || section == p.title {
            format!("*{}*", p.title)
        } else {
            format!("*{}*, {section}", p.title)
        };
        text.push_str(&format!(
            "> {}\n>\n> — {place} {}\n\n",
            quote.replace('\n', "\n> "),
            p.source().marker()
        ));
        cite(&p.source(), &mut citations);
        quoted += 1;
    }
    if quoted == 0 {
        text.push_str(w.no_knowledge);
        text.push_str("\n\n");
    }
    text.push_str(&format!("_{}_", w.label));
    GroundedAnswer { text, citations }
}

/// The passage cut at a sentence end before `max` characters (or at a word
/// end when a sentence is longer), with the markdown headings removed.
fn excerpt(text: &str, max: usize) -> String {
    let clean: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned();
    if clean.chars().count() <= max {
        return clean;
    }
    let cut: String = clean.chars().take(max).collect();
    if let Some(end) = cut.rfind(". ").filter(|&i| i > max / 3) {
        return cut[..=end].to_owned();
    }
    let end = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{}…", &cut[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agent::{Fact, SourceKind};

    fn section(topic: Topic, title: &str, fact: &str, id: &str) -> ContextSection {
        ContextSection {
            topic,
            title: title.into(),
            facts: vec![Fact {
                text: fact.into(),
                source: Some(Source {
                    kind: SourceKind::Metric,
                    id: id.into(),
                    title: title.into(),
                    detail: None,
                }),
            }],
        }
    }

    #[test]
    fn question_words_choose_the_topics() {
        assert_eq!(topics("Am I ready for my marathon?"), [Topic::Race]);
        assert_eq!(topics("Pourquoi suis-je si fatigué ?"), [Topic::Load]);
        assert_eq!(topics("What should I do tomorrow?")[0], Topic::Plan);
        assert_eq!(topics("Hello coach"), [Topic::Load, Topic::Recent]);
        assert!(topics("How did I sleep and what is my HRV").contains(&Topic::Wellness));
    }

    #[test]
    fn answer_quotes_relevant_numbers_and_passages_with_markers() {
        let context = vec![
            section(Topic::Load, "Load", "CTL 52, ATL 61, TSB -9", "load"),
            section(
                Topic::Race,
                "Predictions",
                "Half marathon 1:41:30",
                "predictions",
            ),
            section(Topic::Wellness, "Wellness", "Slept 6.5 h", "wellness"),
        ];
        let passages = vec![Passage {
            page_id: "tapering".into(),
            title: "Tapering".into(),
            heading: "How long".into(),
            text: "## How long\nA taper of 8 to 14 days works best. Volume drops by 40 to 60 percent. Intensity is kept.".into(),
        }];
        let a = answer(
            "Am I ready for my half marathon?",
            Lang::En,
            &context,
            &passages,
        );
        assert!(
            a.text
                .contains("Half marathon 1:41:30 [metric:predictions]")
        );
        assert!(!a.text.contains("Slept"), "{}", a.text);
        assert!(a.text.contains("> A taper of 8 to 14 days works best."));
        assert!(a.text.contains("[kb:tapering]"));
        assert!(a.text.contains("Written without a language model"));
        let ids: Vec<_> = a.citations.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["predictions", "tapering"]);

        let fr = answer(
            "Suis-je prêt pour mon semi ?",
            Lang::Fr,
            &context,
            &passages,
        );
        assert!(fr.text.starts_with("**Vos chiffres**"));
        assert!(fr.text.contains("Rédigé sans modèle de langage"));
    }

    #[test]
    fn says_so_when_there_is_nothing() {
        let a = answer("Am I ready for my marathon?", Lang::En, &[], &[]);
        assert!(a.text.contains("no data on this yet"));
        assert!(a.text.contains("No knowledge page matches"));
        assert!(a.citations.is_empty());
    }

    #[test]
    fn long_passages_are_cut_at_a_sentence() {
        let long = "First sentence here. ".repeat(40);
        let e = excerpt(&long, 100);
        assert!(e.ends_with('.') && e.len() <= 100, "{e}");
    }
}
