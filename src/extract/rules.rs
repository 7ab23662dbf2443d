//! The rules of `data/extract-rules.toml`: lead-ins, headings, name suffixes by class, list heads and
//! role cues. Only this module knows the file's shape.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The parsed rules file (see the comments in `data/extract-rules.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Rules {
    pub lead_in_verbs: Vec<String>,
    pub lead_in_words: Vec<String>,
    pub adverbs: Vec<String>,
    /// Words that end the subject a clause may open with (赣州市, 两省): see `max_subject_chars`.
    pub subject_ends: Vec<String>,
    /// The longest subject before a measure's verb, in characters (a prepositional phrase may run
    /// twice as long).
    pub max_subject_chars: usize,
    /// Prepositions whose phrase may stand before a measure's verb with no comma (对…实施…).
    pub phrase_lead_ins: Vec<String>,
    pub lead_cues: Vec<String>,
    /// Words of the sentence that announces the measures (现提出如下措施): its clauses before them are
    /// headline commitments.
    pub preamble_cues: Vec<String>,
    pub heading_max_chars: usize,
    /// The longest first line read as the text's title, in characters.
    pub title_max_chars: usize,
    /// The longest clause read as one measure, in characters.
    pub max_measure_chars: usize,
    /// Entity class (a `pk:` local name) → name suffixes.
    pub suffixes: BTreeMap<String, Vec<String>>,
    pub quoted_class: String,
    /// Common nouns that end in a suffix without being one (布局, 城市): see [`Rules::class_by_suffix`].
    pub not_suffixes: Vec<String>,
    /// Entity class → heads of `…等 head` lists.
    pub list_heads: BTreeMap<String, Vec<String>>,
    pub break_tags: Vec<String>,
    pub break_words: Vec<String>,
    pub generic_modifiers: Vec<String>,
    /// Administrative levels, longest first, that may be joined before a name (国家级、省级开发区).
    pub levels: Vec<String>,
    pub min_chars: usize,
    pub max_chars: usize,
    /// Words that make a new name one of cooperation between the provinces whose short names open
    /// it (赣粤产业合作区): those provinces other than the beneficiaries' are its partners.
    pub cooperation_words: Vec<String>,
    /// Words that, after two or more provinces' short names, name their border area (湘赣边): the
    /// run opens the name that follows.
    pub border_words: Vec<String>,
    /// Words that join the places a transport line links inside its name (长沙至赣州高铁), when the
    /// name ends in one of `route_suffixes`.
    pub route_joiners: Vec<String>,
    /// Suffixes of the names of transport lines (高铁, 铁路).
    pub route_suffixes: Vec<String>,
    /// Prepositions whose phrase before a measure's verb lists aspects, not entities (从…五大方面，):
    /// no names are read there. Before the verb of any other clause they are (以…开发区为载体，).
    pub frame_lead_ins: Vec<String>,
    /// Verbs that name what a platform is built for, and belong to its name after a building verb
    /// (建设对接…产业合作区): see `building_verbs`.
    pub purpose_verbs: Vec<String>,
    /// Verbs (and 的) after which a purpose verb opens a platform's name.
    pub building_verbs: Vec<String>,
    /// Conjunctions that may stand inside an organisation's name (工业和信息化厅).
    pub name_joiners: Vec<String>,
    /// Names of government departments that the segmenter would otherwise split at a verb of their
    /// remit (发展改革委 read as 发展 改 革委会): added to its dictionary as whole words.
    pub agency_names: Vec<String>,
    /// Words that make a sentence or a parenthesis say who carries out the measures of its item
    /// (责任单位：…, （…按职责分工负责）): the organisations it names are their actors.
    pub responsibility_cues: Vec<String>,
    pub roles: RoleRules,
}

/// Role cues.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RoleRules {
    pub partner_before: Vec<String>,
    pub partner_classes: Vec<String>,
    pub partner_between: Vec<[String; 2]>,
    /// The most characters between a list and the second cue of `partner_between` (与X产业协同).
    pub partner_gap: usize,
    /// Words that may stand between a cue and the list it governs (承接国内外特别是…).
    pub cue_bridges: Vec<String>,
    pub beneficiary_before: Vec<String>,
    pub location_before: Vec<String>,
    pub location_after: Vec<String>,
    /// Entity class → the role an entity of that class takes when no cue gives it one.
    pub by_class: BTreeMap<String, String>,
}

/// The rules file is malformed or names a class or role the ontology lacks.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{file}: {message}")]
pub struct RulesError {
    pub file: String,
    pub message: String,
}

impl Rules {
    /// Parses a rules file and checks its classes and roles against `classes` and `roles`.
    pub fn parse(file: &str, text: &str, classes: &[String], roles: &[String]) -> Result<Self, RulesError> {
        let error = |message: String| RulesError { file: file.to_string(), message };
        let rules: Rules = toml::from_str(text).map_err(|e| error(e.message().to_string()))?;
        let named = rules.suffixes.keys().chain(rules.list_heads.keys()).chain(rules.roles.by_class.keys());
        for class in named.chain(std::iter::once(&rules.quoted_class)) {
            if !classes.contains(class) {
                return Err(error(format!("unknown entity class {class}; use one of {}", classes.join(", "))));
            }
        }
        for role in rules.roles.by_class.values() {
            if !roles.contains(role) {
                return Err(error(format!("unknown role {role}; use one of {}", roles.join(", "))));
            }
        }
        Ok(rules)
    }

    /// The built-in rules.
    pub fn builtin() -> &'static Self {
        static RULES: std::sync::LazyLock<Rules> = std::sync::LazyLock::new(|| {
            let ontology = crate::kg::Ontology::builtin();
            Rules::parse(
                "data/extract-rules.toml",
                crate::builtin::EXTRACT_RULES,
                &ontology.entity_classes(),
                &ontology.roles(),
            )
            .expect("the built-in extraction rules parse")
        });
        &RULES
    }

    /// Whether `name` is no name: a suffix or list head alone (产业), or one after the suffix of a
    /// region or platform (经济圈产业).
    pub fn is_bare(&self, name: &str) -> bool {
        let all: Vec<&String> = self.suffixes.values().flatten().chain(self.list_heads.values().flatten()).collect();
        let places: Vec<&String> =
            ["Region", "Platform"].iter().filter_map(|c| self.suffixes.get(*c)).flatten().collect();
        all.iter().any(|w| w.as_str() == name)
            || all.iter().filter(|w| name.ends_with(w.as_str())).any(|w| {
                let rest = &name[..name.len() - w.len()];
                places.iter().any(|p| p.as_str() == rest)
            })
    }

    /// The class a name ending in `name` takes by its longest suffix, with that suffix.
    /// A parenthesis at the end (检验中心（赣州）) is not the suffix.
    pub fn class_by_suffix(&self, name: &str) -> Option<(&str, &str)> {
        let name = match (name.ends_with('）'), name.rfind('（')) {
            (true, Some(open)) if open > 0 => &name[..open],
            _ => name,
        };
        let (class, suffix) = self
            .suffixes
            .iter()
            .flat_map(|(class, suffixes)| suffixes.iter().map(move |s| (class.as_str(), s.as_str())))
            .filter(|(_, s)| name.ends_with(s) && name.chars().count() > s.chars().count())
            .max_by_key(|(class, s)| (s.chars().count(), std::cmp::Reverse(*class)))?;
        // A common noun that merely ends in the suffix (布局 in 局, 城市 in 市) makes no name, unless a
        // longer suffix holds it (示范城市).
        let common = self.not_suffixes.iter().any(|w| name.ends_with(w.as_str()) && w.len() > suffix.len());
        (!common).then_some((class, suffix))
    }
}
