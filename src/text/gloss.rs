//! Pinyin glosses: `產(chǎn)` is the character 產 followed by its reading in parentheses.
//!
//! A parenthesised run of Latin letters is only a gloss when it is a reading of the character
//! before it; `中國(贛州)` or `(楊濤 記者 李華)` are real parentheses and must survive.

use pinyin::ToPinyinMulti;

/// The letters a tone-marked pinyin syllable is written with.
fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ".contains(c)
}

/// A syllable of pinyin letters at the start of `chars` that is closed by `)`.
/// Returns the syllable and the number of chars up to and including the `)`.
pub fn reading_then_close(chars: &[char]) -> Option<(String, usize)> {
    let letters = chars.iter().take_while(|c| is_pinyin_letter(**c)).count();
    // The longest pinyin syllable (zhuang, chuang, shuang) has six letters.
    if letters == 0 || letters > 6 || chars.get(letters) != Some(&')') {
        return None;
    }
    Some((chars[..letters].iter().collect(), letters + 1))
}

/// A whole gloss `(reading)` at the start of `chars`: the reading and the gloss's length in chars.
pub fn parse(chars: &[char]) -> Option<(String, usize)> {
    if chars.first() != Some(&'(') {
        return None;
    }
    reading_then_close(&chars[1..]).map(|(reading, len)| (reading, len + 1))
}

/// Whether `reading` (tone-marked pinyin) is one of the readings of `ch`.
pub fn is_reading_of(ch: char, reading: &str) -> bool {
    ch.to_pinyin_multi().map(|readings| readings.into_iter().any(|p| p.with_tone() == reading)).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn recognises_a_whole_gloss() {
        assert_eq!(parse(&chars("(chǎn)業")), Some(("chǎn".to_string(), 6)));
        assert!(is_reading_of('產', "chǎn"));
        assert!(is_reading_of('業', "yè"));
    }

    #[test]
    fn heteronyms_count_as_readings() {
        // 重 is zhòng in 重點 and chóng elsewhere; 強 is qiáng or qiǎng.
        assert!(is_reading_of('重', "zhòng"));
        assert!(is_reading_of('重', "chóng"));
        assert!(is_reading_of('強', "qiáng"));
    }

    #[test]
    fn real_parentheses_are_not_glosses() {
        assert_eq!(parse(&chars("(贛州)")), None);
        assert_eq!(parse(&chars("(楊濤 記者 李華)")), None);
        assert!(!is_reading_of('國', "gàn"));
    }
}
