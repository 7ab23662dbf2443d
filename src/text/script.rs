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
    fn widens_the_punctuation_the_damage_narrowed() {
        assert_eq!(full_width(','), Some('，'));
        assert_eq!(full_width('('), Some('（'));
        assert_eq!(full_width('+'), None);
    }
}
