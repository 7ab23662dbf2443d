//! The languages a diagram is drawn in: picking a label, the ontology's names for classes and
//! relations, and the few words policykg itself writes on a diagram (titles, legend, notes).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use oxigraph::model::{NamedOrBlankNode, Term};

use crate::kg::Ontology;
use crate::rdf::vocab::{PK, rdfs};

/// The language of a diagram's labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Lang {
    /// Simplified Chinese, as the document was written.
    #[default]
    ZhHans,
    /// Traditional Chinese, as the damaged report was published.
    ZhHant,
    /// English.
    En,
}

static S2T: LazyLock<Option<OpenCC>> = LazyLock::new(|| OpenCC::from_config(BuiltinConfig::S2t).ok());

/// `(local name, lower-case language tag)` → the ontology's `rdfs:label` of `pk:local`.
static TERMS: LazyLock<BTreeMap<(String, String), String>> = LazyLock::new(|| {
    let label = rdfs("label");
    let mut terms = BTreeMap::new();
    for q in Ontology::builtin().quads().iter().filter(|q| q.predicate == label) {
        if let (NamedOrBlankNode::NamedNode(s), Term::Literal(l)) = (&q.subject, &q.object)
            && let (Some(local), Some(lang)) = (s.as_str().strip_prefix(PK), l.language())
        {
            terms.insert((local.to_string(), lang.to_ascii_lowercase()), l.value().to_string());
        }
    }
    terms
});

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::ZhHans, Lang::ZhHant, Lang::En];

    /// The BCP 47 tag: `zh-Hans`, `zh-Hant`, `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
            Lang::En => "en",
        }
    }

    /// The language a tag names, in any case; `None` for a language policykg does not draw in.
    pub fn from_tag(tag: &str) -> Option<Self> {
        Lang::ALL.into_iter().find(|l| l.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// The label in this language from labels keyed by language tag (in any case), else the
    /// Simplified one (converted to Traditional characters for `zh-Hant`), else the English one.
    pub fn pick(self, labels: &BTreeMap<String, String>) -> Option<String> {
        let get = |tag: &str| labels.iter().find(|(k, _)| k.eq_ignore_ascii_case(tag)).map(|(_, v)| v.clone());
        get(self.tag()).or_else(|| get("zh-Hans").map(|s| self.script(&s))).or_else(|| get("en"))
    }

    /// Simplified text in this language's script: converted for `zh-Hant`, as it is otherwise.
    fn script(self, simplified: &str) -> String {
        match (self, S2T.as_ref()) {
            (Lang::ZhHant, Some(s2t)) => s2t.convert(simplified),
            _ => simplified.to_string(),
        }
    }

    /// The ontology's name for `pk:local` (a class or a property) in this language, else the local name.
    pub fn term(self, local: &str) -> String {
        let labels: BTreeMap<String, String> = TERMS
            .range((local.to_string(), String::new())..)
            .take_while(|((l, _), _)| l == local)
            .map(|((_, lang), label)| (lang.clone(), label.clone()))
            .collect();
        self.pick(&labels).unwrap_or_else(|| local.to_string())
    }

    fn words(self, hans: &'static str, hant: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::ZhHans => hans,
            Lang::ZhHant => hant,
            Lang::En => en,
        }
    }

    pub fn legend(self) -> &'static str {
        self.words("图例", "圖例", "Legend")
    }

    pub fn measures(self) -> &'static str {
        self.words("措施", "措施", "Measures")
    }

    /// The group of a hub's measures that belong to no pillar (the lead paragraph's commitments).
    pub fn measures_in_no_pillar(self) -> &'static str {
        self.words("不属任何支柱的措施", "不屬任何支柱的措施", "Measures in no pillar")
    }

    pub fn indirect_link(self) -> &'static str {
        self.words(
            "间接联系（经重叠或包含的地区）",
            "間接聯繫（經重疊或包含的地區）",
            "indirect link (through an overlapping or containing region)",
        )
    }

    /// After the id of a measure whose link is indirect.
    pub fn indirect_mark(self) -> &'static str {
        self.words("（间接）", "（間接）", " (indirect)")
    }

    /// The frame of a pillar's measures.
    pub fn measure_count(self, n: usize) -> String {
        match self {
            Lang::En => format!("{n} measure{}", if n == 1 { "" } else { "s" }),
            Lang::ZhHans => format!("{n} 项措施"),
            Lang::ZhHant => format!("{n} 項措施"),
        }
    }

    pub fn literal(self) -> &'static str {
        self.words("字面值", "字面值", "literal")
    }

    pub fn other(self) -> &'static str {
        self.words("其他", "其他", "other")
    }

    pub fn outside_class(self) -> &'static str {
        self.words("外部词表的类", "外部詞表的類", "class from another vocabulary")
    }

    /// The cluster of one end of a bridge.
    pub fn side(self, name: &str) -> String {
        match self {
            Lang::En => format!("{name} side"),
            Lang::ZhHans => format!("{name}一侧"),
            Lang::ZhHant => format!("{name}一側"),
        }
    }

    pub fn bridge_title(self, a: &str, b: &str, measures: usize, direct: usize, indirect: usize) -> String {
        match self {
            Lang::En => {
                format!("{a} ↔ {b}: {measures} measures ({direct} direct, {indirect} indirect)")
            }
            Lang::ZhHans => {
                format!("{a} ↔ {b}：{measures} 项措施（直接 {direct} 项，间接 {indirect} 项）")
            }
            Lang::ZhHant => {
                format!("{a} ↔ {b}：{measures} 項措施（直接 {direct} 項，間接 {indirect} 項）")
            }
        }
    }

    pub fn entity_title(self, name: &str, hops: usize) -> String {
        match self {
            Lang::En => format!("{name}: neighbourhood within {hops} hop{}", if hops == 1 { "" } else { "s" }),
            Lang::ZhHans => format!("{name}：{hops} 步以内的关联"),
            Lang::ZhHant => format!("{name}：{hops} 步以內的關聯"),
        }
    }

    /// What the entity view says when it groups a hub's measures by pillar.
    pub fn grouped(self, measures: usize) -> String {
        match self {
            Lang::En => format!("{measures} measures grouped by pillar (--expand draws each)"),
            Lang::ZhHans => format!("{measures} 项措施按支柱归并（--expand 逐项画出）"),
            Lang::ZhHant => format!("{measures} 項措施按支柱歸併（--expand 逐項畫出）"),
        }
    }

    pub fn region_tree_title(self) -> &'static str {
        self.words(
            "地区的包含关系，以及位于其中的平台和机构",
            "地區的包含關係，以及位於其中的平臺和機構",
            "Regions, their containment, and the platforms and organisations placed in them",
        )
    }

    pub fn ontology_title(self) -> &'static str {
        self.words(
            "policykg 本体：类与对象属性（定义域 → 值域）",
            "policykg 本體：類與對象屬性（定義域 → 值域）",
            "policykg ontology: classes and object properties (domain → range)",
        )
    }

    pub fn query_title(self, name: &str, triples: usize) -> String {
        match self {
            Lang::En => format!("{name}: {triples} triple{}", if triples == 1 { "" } else { "s" }),
            Lang::ZhHans => format!("{name}：{triples} 个三元组"),
            Lang::ZhHant => format!("{name}：{triples} 個三元組"),
        }
    }

    /// The note saying what the size cap left out.
    pub fn omitted(self, max: usize, nodes: usize, by_class: &str, edges: usize, examples: &str) -> String {
        match self {
            Lang::En => format!(
                "Not drawn (--max-nodes {max}): {nodes} node{} ({by_class}) and {edges} edge{}, e.g. {examples}",
                if nodes == 1 { "" } else { "s" },
                if edges == 1 { "" } else { "s" }
            ),
            Lang::ZhHans => {
                format!("未画出（--max-nodes {max}）：{nodes} 个节点（{by_class}）、{edges} 条边，如 {examples}")
            }
            Lang::ZhHant => {
                format!("未畫出（--max-nodes {max}）：{nodes} 個節點（{by_class}）、{edges} 條邊，如 {examples}")
            }
        }
    }

    /// The separator of a name and what it is about.
    pub fn colon(self) -> &'static str {
        self.words("：", "：", ": ")
    }

    /// The separator of a list.
    pub fn comma(self) -> &'static str {
        self.words("、", "、", ", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_label_falls_back_to_simplified_then_english() {
        let all = labels(&[("zh-hans", "赣州"), ("zh-hant", "贛州"), ("en", "Ganzhou")]);
        assert_eq!(Lang::ZhHant.pick(&all).as_deref(), Some("贛州"));
        assert_eq!(Lang::En.pick(&all).as_deref(), Some("Ganzhou"));
        let no_hant = labels(&[("zh-Hans", "地区"), ("en", "region")]);
        assert_eq!(Lang::ZhHant.pick(&no_hant).as_deref(), Some("地區"));
        let english = labels(&[("en", "region")]);
        assert_eq!(Lang::ZhHans.pick(&english).as_deref(), Some("region"));
        assert_eq!(Lang::ZhHans.pick(&BTreeMap::new()), None);
    }

    #[test]
    fn ontology_terms_are_named_in_each_language() {
        assert_eq!(Lang::ZhHans.term("partOf"), "属于");
        assert_eq!(Lang::ZhHant.term("partOf"), "屬於");
        assert_eq!(Lang::En.term("Region"), "region");
        assert_eq!(Lang::En.term("noSuchTerm"), "noSuchTerm");
    }

    #[test]
    fn tags_parse_in_any_case() {
        assert_eq!(Lang::from_tag("zh-hant"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_tag("EN"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
    }
}
