//! The hand-split fast path of the streamed reader: which chunks can be cut at commas and line ends
//! without the csv reader, and the cutting itself (one vectorised scan per chunk).

use crate::error::Result;

/// The chunk as text when splitting it by hand at `\n` and `,` gives exactly the csv reader's
/// records: valid UTF-8, no quote character, and every carriage return the first half of a CRLF
/// line end. Other chunks go through the csv reader.
pub fn plain_text(chunk: &[u8]) -> Option<&str> {
    if memchr::memchr(b'"', chunk).is_some() {
        return None;
    }
    if memchr::memchr_iter(b'\r', chunk).any(|i| chunk.get(i + 1) != Some(&b'\n')) {
        return None;
    }
    std::str::from_utf8(chunk).ok()
}

/// Calls `each(line, fields)` for every record of plain `text` ([`plain_text`]) whose first line
/// is `start_line`; blank lines are skipped, as the csv reader skips them.
pub fn for_each_plain_record<'t>(
    text: &'t str,
    start_line: u64,
    mut each: impl FnMut(u64, &[&'t str]) -> Result<()>,
) -> Result<()> {
    let bytes = text.as_bytes();
    let mut fields: Vec<&'t str> = Vec::with_capacity(16);
    let (mut line, mut start, mut from) = (start_line, 0, 0);
    // One vectorised scan for both separators over the whole chunk (records are short: a call to
    // memchr per field or per line costs more).
    for i in memchr::memchr2_iter(b',', b'\n', bytes) {
        match bytes[i] {
            b',' => {
                fields.push(&text[from..i]);
                from = i + 1;
            }
            b'\n' => {
                let end = if i > start && bytes[i - 1] == b'\r' {
                    i - 1
                } else {
                    i
                };
                if end > start {
                    fields.push(&text[from..end.max(from)]);
                    each(line, &fields)?;
                }
                fields.clear();
                line += 1;
                (start, from) = (i + 1, i + 1);
            }
            _ => {}
        }
    }
    if start < bytes.len() {
        let end = if bytes[bytes.len() - 1] == b'\r' {
            bytes.len() - 1
        } else {
            bytes.len()
        };
        if end > start {
            fields.push(&text[from..end.max(from)]);
            each(line, &fields)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Lines;

    /// Records split by hand against the csv reader's, with their lines (as [`Lines`] numbers them).
    #[test]
    fn plain_records_split_as_the_csv_reader_splits_them() {
        let text = "a,b,c\r\n\r\n1,,3\n x , y ,z\r\n\n4,5\n\n\n6,7,8,9\n,\nlast,line,";
        assert!(plain_text(text.as_bytes()).is_some());
        let mut got: Vec<(u64, Vec<String>)> = Vec::new();
        for_each_plain_record(text, 10, |line, f| {
            got.push((line, f.iter().map(|s| s.to_string()).collect()));
            Ok(())
        })
        .unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut lines = Lines::new(text.as_bytes(), 10);
        let want: Vec<(u64, Vec<String>)> = reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                let line = lines.line_of(r.position().unwrap().byte());
                (line, r.iter().map(String::from).collect::<Vec<String>>())
            })
            .filter(|(_, r)| !(r.len() == 1 && r[0].is_empty()))
            .collect();
        assert_eq!(got, want);
        assert_eq!(got.len(), 7);
        assert_eq!(got[2], (13, vec![" x ".into(), " y ".into(), "z".into()]));
    }

    #[test]
    fn quotes_lone_carriage_returns_and_bad_utf8_go_to_the_csv_reader() {
        assert!(plain_text(b"a,\"b\"\n").is_none());
        assert!(plain_text(b"a\rb\n").is_none());
        assert!(plain_text(b"a,b\r").is_none());
        assert!(plain_text(b"a,\xff\n").is_none());
        assert!(plain_text(b"a,b\r\nc,d\n").is_some());
    }
}
