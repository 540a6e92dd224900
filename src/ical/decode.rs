//! The bytes of an .ics file to text. RFC 5545 asks for UTF-8, but files from older Outlook
//! and Lotus exports arrive in Windows-1252 (or Latin-1, its subset) and some Windows tools
//! write UTF-16 with a byte-order mark. One stray byte must not refuse a whole calendar: UTF-8
//! is tried first, then a BOM, then Windows-1252, with a warning naming the first line that
//! was not UTF-8.

/// The text, and a warning when it was not plain UTF-8 read as such.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub warning: Option<String>,
}

/// Windows-1252 in 0x80..=0x9F; the five bytes it leaves undefined keep their C1 code point
/// (as web browsers read them).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

pub fn decode(bytes: &[u8]) -> Decoded {
    let plain = |text: String| Decoded {
        text,
        warning: None,
    };
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => plain(text.to_string()),
        Err(e) => {
            let bad = e.valid_up_to();
            let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() + 1;
            let text = bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
                    _ => char::from(b),
                })
                .collect();
            Decoded {
                text,
                warning: Some(format!(
                    "line {line}: not UTF-8 (byte 0x{:02X}); the file was read as Windows-1252",
                    bytes[bad]
                )),
            }
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Decoded {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let mut bad = false;
    let text = char::decode_utf16(units)
        .map(|c| {
            c.unwrap_or_else(|_| {
                bad = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    let odd = bytes.len() % 2 == 1;
    Decoded {
        text,
        warning: (bad || odd)
            .then(|| "the UTF-16 text has broken characters; they read as \u{FFFD}".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_a_bom_is_read_as_is() {
        let d = decode("SUMMARY:Café\r\n".as_bytes());
        assert_eq!((d.text.as_str(), d.warning), ("SUMMARY:Café\r\n", None));
        assert_eq!(decode(b"\xEF\xBB\xBFA").text, "A");
    }

    #[test]
    fn windows_1252_is_the_fallback_and_names_the_line() {
        let d = decode(b"BEGIN:VCALENDAR\r\nSUMMARY:Caf\xE9 \x80 \x96\r\n");
        assert_eq!(d.text, "BEGIN:VCALENDAR\r\nSUMMARY:Café € –\r\n");
        assert_eq!(
            d.warning.as_deref(),
            Some("line 2: not UTF-8 (byte 0xE9); the file was read as Windows-1252")
        );
    }

    #[test]
    fn utf16_with_a_bom_in_either_order() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Zoë\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Zoë\r\n".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for bytes in [le, be] {
            let d = decode(&bytes);
            assert_eq!((d.text.as_str(), d.warning), ("Zoë\r\n", None));
        }
    }
}
