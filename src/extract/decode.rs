//! From the bytes of a file to text: UTF-8, else GB18030 (which contains GBK and GB2312), else refused.

/// The largest file `extract` reads, in bytes: 1 MiB, some 350,000 Chinese characters, where policy
/// documents run to tens of thousands. The graph of a text grows with its measures (some 60 quads
/// each, with their annotations) and is sorted in memory before it is written: a 1 MB text that is
/// nothing but measures took 0.97 GB at its peak (debug build), a 200 KB one 0.2 GB.
pub const MAX_BYTES: u64 = 1024 * 1024;

/// The encoding a text was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Encoding {
    #[serde(rename = "UTF-8")]
    Utf8,
    /// GB18030, which reads GBK and GB2312 alike.
    #[serde(rename = "GB18030")]
    Gb18030,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gb18030 => "GB18030",
        }
    }
}

/// Why bytes are not a text `extract` can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error("the file holds no text (only spaces and line breaks)")]
    Blank,
    #[error("the file is binary, not text (it has NUL bytes or control characters)")]
    Binary,
    #[error("the file is neither UTF-8 nor GB18030/GBK text; convert it to UTF-8 (e.g. `iconv -f BIG5 -t UTF-8`)")]
    UnknownEncoding,
    #[error("the file is {size} bytes, over the {max} bytes extract reads; split it into documents")]
    TooLarge { size: u64, max: u64 },
}

/// Decodes `bytes`: UTF-8 (a byte-order mark skipped), else GB18030, with the encoding it found.
/// Text with NUL bytes, or where more than one character in a hundred is a control character other
/// than tab and line breaks, is binary.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(DecodeError::TooLarge { size: bytes.len() as u64, max: MAX_BYTES });
    }
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, encoding) = match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), Encoding::Utf8),
        // UTF-8 cut short in its last character (a file truncated by bytes): the whole characters.
        Err(e) if e.error_len().is_none() && e.valid_up_to() + 4 > bytes.len() && e.valid_up_to() > 0 => {
            (String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned(), Encoding::Utf8)
        }
        Err(_) => match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
            Some(text) => (text.into_owned(), Encoding::Gb18030),
            None => return Err(DecodeError::UnknownEncoding),
        },
    };
    let chars = text.chars().count();
    let control = text.chars().filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')).count();
    if control * 100 > chars {
        return Err(DecodeError::Binary);
    }
    if text.trim().is_empty() {
        return Err(DecodeError::Blank);
    }
    // Cleaning and segmentation count a paragraph break as one character.
    Ok((text.replace("\r\n", "\n").replace('\r', "\n"), encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_and_gbk() {
        assert_eq!(decode("支持赣州".as_bytes()).unwrap(), ("支持赣州".to_string(), Encoding::Utf8));
        let (gbk, _, _) = encoding_rs::GBK.encode("支持赣州");
        assert_eq!(decode(&gbk).unwrap(), ("支持赣州".to_string(), Encoding::Gb18030));
    }

    #[test]
    fn utf8_cut_in_its_last_character_keeps_the_whole_ones() {
        let cut = &"支持赣州".as_bytes()[..10];
        assert_eq!(decode(cut).unwrap(), ("支持赣".to_string(), Encoding::Utf8));
    }

    #[test]
    fn refuses_what_is_not_text() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\n"), Err(DecodeError::Blank));
        assert_eq!(decode(b"PK\x03\x04\x00\x00"), Err(DecodeError::Binary));
        // 0xFF is neither UTF-8 nor a GB18030 lead byte.
        assert_eq!(decode(b"\xFFabc"), Err(DecodeError::UnknownEncoding));
    }
}
