//! Scripts and punctuation: the text as published (Traditional) and in Simplified, one character
//! for one character, so that an offset means the same in both.

use std::sync::LazyLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

/// Which script the clean text is given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, clap::ValueEnum)]
pub enum Script {
    /// Traditional characters, as the damaged text was published.
    Hant,
    /// Simplified characters, as the original document was written.
    Hans,
}

impl Script {
    /// The BCP 47 tag of the script.
    pub fn tag(self) -> &'static str {
        match self {
            Script::Hant => "zh-Hant",
            Script::Hans => "zh-Hans",
        }
    }
}

static T2S: LazyLock<Option<OpenCC>> = LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());
static S2TW: LazyLock<Option<OpenCC>> = LazyLock::new(|| OpenCC::from_config(BuiltinConfig::S2tw).ok());

/// Where OpenCC's `s2tw` output is itself not the standard form, the standard form instead:
/// (OpenCC's output, standard Traditional). Each entry says whose standard it follows.
///
/// - 傢俱 → 家具: OpenCC writes 家具 (furniture) as 傢俱, a variant; the Taiwan Ministry of
///   Education's 《重編國語辭典修訂本》 gives 家具 as the standard form and 傢俱 as its variant.
pub const S2TW_EXCEPTIONS: [(&str, &str); 1] = [("傢俱", "家具")];

/// Converts a Simplified name or phrase to standard Traditional with OpenCC's `s2tw`
/// configuration (Traditional characters as Taiwan's standard writes them, without Taiwan's own
/// vocabulary: 制造 → 製造, 示范 → 示範, 云上 → 雲上, 干部 → 幹部, 开采 → 開採, 集群 → 集群), phrase by
/// phrase, so that one Simplified character may become different Traditional ones by context;
/// then [`S2TW_EXCEPTIONS`]. The result may differ in length from the input: use it for labels,
/// never for the clean text, which keeps the characters the article was published in. Returns the
/// input unchanged if OpenCC's built-in dictionaries fail to load (they are compiled in).
pub fn to_traditional(simplified: &str) -> String {
    let Some(s2tw) = S2TW.as_ref() else {
        return simplified.to_string();
    };
    let mut out = s2tw.convert(simplified);
    for (opencc, standard) in S2TW_EXCEPTIONS {
        out = out.replace(opencc, standard);
    }
    out
}

/// Full-width form of the half-width punctuation the damage left between Chinese characters.
pub fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '!' => '！',
        _ => return None,
    })
}

/// Whether `c` is a CJK ideograph or CJK punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x2000..=0x206F)
}

/// Converts Traditional to Simplified keeping one character for one character.
///
/// OpenCC converts phrase by phrase, which gets context-dependent characters right but may change
/// a phrase's length; a line whose length would change is converted character by character instead.
pub fn to_simplified(traditional: &str) -> String {
    let Some(t2s) = T2S.as_ref() else {
        return traditional.to_string();
    };
    let mut out = String::with_capacity(traditional.len());
    for (i, line) in traditional.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let converted = t2s.convert(line);
        if converted.chars().count() == line.chars().count() {
            out.push_str(&converted);
        } else {
            for c in line.chars() {
                let one = t2s.convert(c.encode_utf8(&mut [0u8; 4]));
                let mut it = one.chars();
                match (it.next(), it.next()) {
                    (Some(s), None) => out.push(s),
                    _ => out.push(c),
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplifies_one_for_one() {
        assert_eq!(to_simplified("贛南等原中央蘇區"), "赣南等原中央苏区");
        assert_eq!(to_simplified("粵港澳大灣區\n產業"), "粤港澳大湾区\n产业");
    }

    #[test]
    fn traditional_labels_follow_opencc_s2t() {
        // The characters the report's own conversion got wrong, as standard Traditional writes them.
        assert_eq!(to_traditional("汽车制造"), "汽車製造");
        assert_eq!(to_traditional("示范基地"), "示範基地");
        assert_eq!(to_traditional("中国家居云上小镇"), "中國家居雲上小鎮");
        assert_eq!(to_traditional("干部双向交流培养机制"), "幹部雙向交流培養機制");
        assert_eq!(to_traditional("绿色无铵化技术开采进程"), "綠色無銨化技術開採進程");
        // Taiwan's standard keeps 群 and 峰 where OpenCC's own standard (s2t) writes 羣 and 峯.
        assert_eq!(to_traditional("特色产业集群"), "特色產業集群");
        assert_eq!(to_traditional("青峰药谷"), "青峰藥谷");
        // The one exception: 家具, not OpenCC's 傢俱.
        assert_eq!(to_traditional("南康家具产业联盟"), "南康家具產業聯盟");
    }

    #[test]
    fn widens_the_punctuation_the_damage_narrowed() {
        assert_eq!(full_width(','), Some('，'));
        assert_eq!(full_width('('), Some('（'));
        assert_eq!(full_width('+'), None);
    }
}
