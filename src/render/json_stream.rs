//! JSON written straight to a stream (`board --format json`, `due --format json`):
//! the typed view is serialised into the writer as it goes, pretty-printed, with
//! format characters (bidi controls) written as JSON escapes as
//! [`super::terminal::json`] writes them. No text of the whole output is built, so a
//! 40,000-row board costs no 30 MB string and no copies of it.

use crate::record::characters::is_format;
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io::{self, Write};

/// Writes `value` pretty-printed to `out`, then a newline.
pub fn write_pretty<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Terminal(PrettyFormatter::new()));
    value.serialize(&mut ser).map_err(io::Error::other)?;
    let mut out = ser.into_inner();
    out.write_all(b"\n")?;
    out.flush()
}

/// A pretty formatter that escapes format characters inside strings (the only place
/// JSON text can hold them).
struct Terminal<'a>(PrettyFormatter<'a>);

impl Formatter for Terminal<'_> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, s: &str) -> io::Result<()> {
        if !s.chars().any(is_format) {
            return w.write_all(s.as_bytes());
        }
        let mut units = [0u16; 2];
        for c in s.chars() {
            if is_format(c) {
                for unit in c.encode_utf16(&mut units) {
                    write!(w, "\\u{unit:04x}")?;
                }
            } else {
                let mut buf = [0u8; 4];
                w.write_all(c.encode_utf8(&mut buf).as_bytes())?;
            }
        }
        Ok(())
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stream is byte for byte what the text path printed: pretty JSON, a bidi
    /// control in a name written as its escape, and a newline at the end.
    #[test]
    fn streamed_json_is_the_pretty_text_with_format_characters_escaped() {
        let value =
            serde_json::json!({"name": "Jade\u{202e}Smith", "rows": [1, {"a": "b"}], "empty": []});
        let mut out = Vec::new();
        write_pretty(&mut out, &value).unwrap();
        let text = serde_json::to_string_pretty(&value).unwrap();
        let expected = format!("{}\n", crate::render::terminal::json(&text));
        assert_eq!(String::from_utf8(out).unwrap(), expected);
        assert!(
            expected.contains("\\u202e"),
            "the control is escaped: {expected}"
        );
    }
}
