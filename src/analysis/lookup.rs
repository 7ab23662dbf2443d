//! Finding an entity by what a person would type: a name in Simplified, Traditional or English, an
//! alias (赣南, 大湾区, GBA), a prefixed name (`pkr:Ganzhou`), a bare id (`Ganzhou`; `M16` for a
//! document's measure, unless several documents have one) or an IRI.

use std::collections::{BTreeMap, BTreeSet};

use super::Error;
use super::graph::{Projection, VALUES_CHUNK, values};
use crate::rdf::vocab::{self, PREFIXES, RESOURCE, shorten};
use crate::sparql::{self, QuerySource};
use crate::text::to_simplified;

/// Every name of every node, normalised, pointing at the IRIs it names.
pub struct Resolver {
    /// Normalised preferred label → IRIs.
    labels: BTreeMap<String, BTreeSet<String>>,
    /// Normalised alternative label → IRIs.
    aliases: BTreeMap<String, BTreeSet<String>>,
    /// IRI → a display name, for messages.
    display: BTreeMap<String, String>,
    /// The local name of a document's resource (`M16` of `pkr:doc/{id}/M16`) → its IRIs, one per
    /// document that has it.
    locals: BTreeMap<String, BTreeSet<String>>,
}

/// Case, width, spacing, quotes and script do not matter when matching names. A name is brought
/// to Unicode's compatibility form (NFKC: full-width `ＧＢＡ` is `GBA`, `（` is `(`, an ideographic or
/// no-break space is a space); then every character that is a separator (Unicode categories Zs, Zl,
/// Zp, and White_Space), a format or control character (Cf, Cc: a zero-width space, a byte-order
/// mark, a joiner) or a quotation mark (Unicode's Quotation_Mark: `"“”‘’'` and the corner brackets
/// `「」『』` among them) is dropped; what is left is put in Simplified script and lower case.
fn normalise(name: &str) -> String {
    to_simplified(&strip(name)).chars().flat_map(char::to_lowercase).collect()
}

/// The first half of [`normalise`]: compatibility form, without separators, format and control
/// characters or quotation marks, but with its case and script, as ids and IRIs are written
/// (`「M01」` is `M01`, `ＧＢＡ` is `GBA`).
fn strip(name: &str) -> String {
    use icu_properties::props::{GeneralCategory, GeneralCategoryGroup, QuotationMark};
    use icu_properties::{CodePointMapData, CodePointSetData};
    let category = CodePointMapData::<GeneralCategory>::new();
    let quotes = CodePointSetData::new::<QuotationMark>();
    let ignored =
        GeneralCategoryGroup::Separator.union(GeneralCategoryGroup::Format).union(GeneralCategoryGroup::Control);
    let folded = icu_normalizer::ComposingNormalizerBorrowed::new_nfkc().normalize(name);
    folded
        .chars()
        .filter(|&c| !(c.is_whitespace() || ignored.contains(category.get(c)) || quotes.contains(c)))
        .collect()
}

impl Resolver {
    pub fn new(source: &(impl QuerySource + ?Sized), projection: &Projection) -> Result<Self, Error> {
        let mut labels: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut aliases: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut display = BTreeMap::new();
        // The names of the projection's nodes only, asked in chunks: a large source is not read whole.
        let iris: Vec<String> = projection.graph.node_weights().map(|n| n.iri.clone()).collect();
        let mut rows = Vec::new();
        for chunk in iris.chunks(VALUES_CHUNK) {
            let query = format!(
                "SELECT DISTINCT ?n ?p ?l WHERE {{ {} ?n ?p ?l . VALUES ?p {{ rdfs:label skos:altLabel }} }}",
                values("n", chunk)
            );
            rows.extend(sparql::select(source, &query, &["n", "p", "l"])?);
        }
        for row in rows {
            let iri = sparql::value(&row[0]);
            if projection.node(&iri).is_none() {
                continue;
            }
            let label = sparql::value(&row[2]);
            let target = if sparql::value(&row[1]).ends_with("altLabel") { &mut aliases } else { &mut labels };
            target.entry(normalise(&label)).or_default().insert(iri.clone());
        }
        let mut locals: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for n in projection.graph.node_weights() {
            display.insert(n.iri.clone(), format!("{} ({})", n.label("zh-Hans"), shorten(&n.iri)));
            if let Some(id) = vocab::document_id(&n.iri) {
                let prefix = format!("{RESOURCE}doc/{id}/");
                if let Some(local) = n.iri.strip_prefix(&prefix) {
                    locals.entry(local.to_string()).or_default().insert(n.iri.clone());
                }
            }
        }
        Ok(Self { labels, aliases, display, locals })
    }

    /// The IRI `name` stands for.
    pub fn resolve(&self, name: &str) -> Result<String, Error> {
        let name = name.trim();
        // An IRI, a prefixed name or an id as typed, else with spaces, width and quotes folded.
        let stripped = strip(name);
        if let Some(iri) = self.as_iri(name).or_else(|| self.as_iri(&stripped)) {
            return Ok(iri);
        }
        let key = normalise(name);
        // A document's local id (M16), then names, then aliases.
        let found = self.locals.get(&stripped).or_else(|| self.labels.get(&key)).or_else(|| self.aliases.get(&key));
        if let Some(iris) = found {
            if iris.len() == 1 {
                return Ok(iris.iter().next().cloned().expect("one IRI"));
            }
            return Err(Error::Ambiguous {
                name: name.to_string(),
                candidates: iris.iter().map(|i| self.display[i].clone()).collect(),
            });
        }
        Err(Error::Unknown { name: name.to_string(), suggestions: self.suggest(&key) })
    }

    /// The IRIs of two names that must stand for two different entities (the two ends of
    /// `connect` or `paths`): one entity under two spellings (赣州, 贛州) is an error saying so.
    pub fn resolve_two(&self, a: &str, b: &str) -> Result<(String, String), Error> {
        let (iri_a, iri_b) = (self.resolve(a)?, self.resolve(b)?);
        if iri_a == iri_b {
            return Err(Error::SameEntity {
                a: a.trim().to_string(),
                b: b.trim().to_string(),
                entity: self.display[&iri_a].clone(),
            });
        }
        Ok((iri_a, iri_b))
    }

    /// The IRIs whose names (labels or aliases, any script) contain what a person has typed so far,
    /// for search as you type: names that start with it first, then shorter names, then by IRI; at
    /// most `limit`, each IRI once. Matching folds case, width, spacing and script as [`Self::resolve`].
    pub fn search(&self, typed: &str, limit: usize) -> Vec<String> {
        let key = normalise(typed);
        if key.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(bool, usize, String)> = Vec::new();
        for (label, iris) in self.labels.iter().chain(self.aliases.iter()) {
            if label.contains(&key) {
                for iri in iris {
                    scored.push((!label.starts_with(&key), label.chars().count(), iri.clone()));
                }
            }
        }
        if let Some(iri) = self.as_iri(typed.trim()) {
            scored.push((false, 0, iri));
        }
        scored.sort();
        let mut seen = BTreeSet::new();
        scored.into_iter().filter(|(_, _, iri)| seen.insert(iri.clone())).map(|(_, _, iri)| iri).take(limit).collect()
    }

    /// An IRI, prefixed name or bare id (`Ganzhou`, or `{document}/M16` for a document's resource)
    /// that names a known node.
    fn as_iri(&self, name: &str) -> Option<String> {
        let candidates = if let Some(iri) = name.strip_prefix('<').and_then(|n| n.strip_suffix('>')) {
            vec![iri.to_string()]
        } else if name.contains("://") {
            vec![name.to_string()]
        } else if let Some((prefix, local)) = name.split_once(':') {
            let ns = PREFIXES.iter().find(|(p, _)| *p == prefix)?.1;
            vec![format!("{ns}{local}")]
        } else {
            vec![format!("{RESOURCE}{name}"), format!("{RESOURCE}doc/{name}")]
        };
        candidates.into_iter().find(|c| self.display.contains_key(c))
    }

    /// Up to five names close to `key`: containing it, contained in it, or a few edits away.
    fn suggest(&self, key: &str) -> Vec<String> {
        let mut scored: Vec<(i64, String)> = Vec::new();
        for (label, iris) in self.labels.iter().chain(self.aliases.iter()) {
            let similarity = strsim::normalized_levenshtein(key, label);
            let contains = !key.is_empty() && (label.contains(key) || key.contains(label.as_str()));
            if contains || similarity >= 0.5 {
                let score = (similarity * 1000.0) as i64 + if contains { 1000 } else { 0 };
                for iri in iris {
                    scored.push((-score, self.display[iri].clone()));
                }
            }
        }
        scored.sort();
        let mut seen = BTreeSet::new();
        scored.into_iter().filter(|(_, d)| seen.insert(d.clone())).map(|(_, d)| d).take(5).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{normalise, strip};

    #[test]
    fn width_spacing_quotes_and_script_are_folded() {
        // Full-width letters and brackets are their ASCII forms; case goes.
        assert_eq!(normalise("ＧＢＡ"), "gba");
        assert_eq!(normalise("ｇｂａ"), "gba");
        assert_eq!(normalise("中国（江西）"), "中国(江西)");
        // Every kind of space and invisible format character goes.
        for spaced in
            ["赣　州", "赣\u{00A0}州", "赣\u{200B}州", "赣\u{FEFF}州", "赣\u{2060}州", " 赣 州\t", "赣\u{2028}州"]
        {
            assert_eq!(normalise(spaced), "赣州", "{spaced:?}");
        }
        // Quotation marks of every script, CJK corner brackets among them.
        for quoted in ["「赣州」", "『赣州』", "“赣州”", "\"赣州\"", "'赣州'", "﹁赣州﹂", "＂赣州＂", "〝赣州〞"]
        {
            assert_eq!(normalise(quoted), "赣州", "{quoted:?}");
        }
        // Traditional script is Simplified.
        assert_eq!(normalise("「贛　州」"), "赣州");
        // Ids keep their case and script, and lose the rest: `「L1 」` is `L1`.
        assert_eq!(strip("\u{3000}「L1 」\u{200b}"), "L1");
        assert_eq!(strip("ｐｋｒ：Ｇａｎｚｈｏｕ"), "pkr:Ganzhou");
    }
}
