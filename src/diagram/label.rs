//! Shaping labels to fit a node: wrapping at a display width (a Chinese character counts two
//! columns), and shortening with `…` after a number of lines.

use unicode_width::UnicodeWidthStr;

/// Whether a line may break before and after `c`: CJK ideographs and punctuation, and the
/// general punctuation (“ ” …) Chinese text uses.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2000..=0x206F | 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Punctuation that must not begin a line.
fn is_closing(s: &str) -> bool {
    s.chars().count() == 1 && "，。、；：？！）》」』”’,.;:?!)]".contains(s)
}

/// Splits text into pieces a line may break between: runs of whitespace, Latin words, and single
/// CJK characters.
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut kind = None;
    for (i, c) in text.char_indices() {
        let k = if c.is_whitespace() {
            0
        } else if is_cjk(c) {
            1
        } else {
            2
        };
        if i > start && (k == 1 || Some(k) != kind) {
            out.push(&text[start..i]);
            start = i;
        }
        kind = Some(k);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Wraps `text` into lines of at most `width` columns (closing punctuation may overhang by one),
/// keeps at most `max_lines` lines and ends a shortened text with `…`. Line breaks in `text` are
/// kept.
pub fn wrap(text: &str, width: usize, max_lines: usize) -> String {
    let width = width.max(2);
    let max_lines = max_lines.max(1);
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.trim().split('\n') {
        wrap_paragraph(paragraph.trim(), width, &mut lines);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("max_lines is at least one");
        while !last.is_empty() && last.width() + 1 > width {
            last.pop();
        }
        let trimmed = last.trim_end_matches([' ', '，', '、', ',', '；', ';']).len();
        last.truncate(trimmed);
        last.push('…');
    }
    lines.join("\n")
}

/// Wraps one paragraph (no line breaks) into `lines`.
fn wrap_paragraph(text: &str, width: usize, lines: &mut Vec<String>) {
    let mut line = String::new();
    let mut space = false;
    for piece in pieces(text) {
        if piece.chars().all(char::is_whitespace) {
            space = !line.is_empty();
            continue;
        }
        let gap = usize::from(space);
        space = false;
        let w = piece.width();
        if line.width() + gap + w <= width || (is_closing(piece) && !line.is_empty()) {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(piece);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word longer than a line is cut where it must be.
        for c in piece.chars() {
            let mut buf = [0u8; 4];
            if line.width() + c.encode_utf8(&mut buf).width() > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
}

/// Wraps like [`wrap`], but into lines of even length: a name a little too long for one line
/// becomes two halves rather than a full line and a last character.
pub fn balanced(text: &str, width: usize, max_lines: usize) -> String {
    let total = text.trim().width();
    let width = width.max(2);
    let lines = total.div_ceil(width).clamp(1, max_lines.max(1));
    let even = wrap(text, total.div_ceil(lines) + 1, max_lines);
    if even.lines().count() <= lines { even } else { wrap(text, width, max_lines) }
}

/// The label of a measure node: its id, then its clause shortened to a few lines.
pub fn measure_label(id: &str, clause: &str, english: bool) -> String {
    let clause = if english { wrap(clause, 30, 3) } else { wrap(clause, 24, 2) };
    format!("{id}\n{clause}")
}

/// The label of any other node: its name on one or two lines.
pub fn name_label(name: &str) -> String {
    balanced(name, 24, 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_wraps_between_characters() {
        assert_eq!(wrap("积极对接深圳前海、广州南沙", 12, 3), "积极对接深圳\n前海、广州南\n沙");
        // Closing punctuation stays on the line it closes.
        assert_eq!(wrap("一二三四五、六七", 10, 3), "一二三四五、\n六七");
    }

    #[test]
    fn english_wraps_between_words() {
        assert_eq!(wrap("Actively dock with major platforms", 16, 5), "Actively dock\nwith major\nplatforms");
        assert_eq!(wrap("a\nb", 10, 2), "a\nb");
        assert_eq!(wrap("a\r\n\nb c", 10, 5), "a\nb c");
        assert_eq!(wrap("Supercalifragilistic", 8, 5), "Supercal\nifragili\nstic");
    }

    #[test]
    fn long_text_is_shortened_with_an_ellipsis() {
        assert_eq!(wrap("积极对接深圳前海、广州南沙、珠海横琴", 8, 2), "积极对接\n深圳前…");
        assert_eq!(wrap("one two three four five", 9, 2), "one two\nthree…");
        assert_eq!(wrap("", 10, 2), "");
    }

    #[test]
    fn mixed_text_keeps_latin_words_whole() {
        assert_eq!(wrap("支持5G产业和new energy", 10, 4), "支持5G产业\n和new\nenergy");
    }

    #[test]
    fn balanced_lines_are_even() {
        assert_eq!(balanced("大湾区职业（技工）院校", 20, 3), "大湾区职业（\n技工）院校");
        assert_eq!(balanced("赣州", 20, 3), "赣州");
        assert_eq!(
            balanced("Guangdong–Hong Kong–Macao Greater Bay Area", 24, 3),
            "Guangdong–Hong Kong–\nMacao Greater Bay Area"
        );
    }
}
