//! CSV as RFC 4180 writes it (quoted cells, `""` for a quote, line breaks inside
//! quotes, CRLF or LF), read into records that remember the line each starts on.

/// One CSV record and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<String>,
}

/// Every record of the text, or the line and reason it cannot be read.
pub fn records(text: &str) -> Result<Vec<Record>, (usize, String)> {
    let mut out = Vec::new();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut line = 1;
    let mut start = 1;
    let mut quoted = false;
    let mut quote_opened_on = 0;
    // Whether the cell began with a quote and that quote has closed.
    let mut after_quote = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => {
                    quoted = false;
                    after_quote = true;
                }
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                other => cell.push(other),
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() && !after_quote => {
                quoted = true;
                quote_opened_on = line;
            }
            '"' => {
                return Err((
                    line,
                    "a quote inside a cell that is not quoted (quote the whole cell and double the quote: \"\")".into(),
                ))
            }
            ',' => {
                cells.push(std::mem::take(&mut cell));
                after_quote = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                cells.push(std::mem::take(&mut cell));
                out.push(Record {
                    line: start,
                    cells: std::mem::take(&mut cells),
                });
                after_quote = false;
                line += 1;
                start = line;
            }
            other if after_quote => {
                return Err((
                    line,
                    format!("`{other}` after a closing quote: a quoted cell ends at its quote"),
                ))
            }
            other => cell.push(other),
        }
    }
    if quoted {
        return Err((
            quote_opened_on,
            "a quote opened here is never closed".into(),
        ));
    }
    if !cell.is_empty() || !cells.is_empty() || after_quote {
        cells.push(cell);
        out.push(Record { line: start, cells });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<Vec<String>> {
        records(text)
            .unwrap()
            .into_iter()
            .map(|r| r.cells)
            .collect()
    }

    #[test]
    fn quoted_cells_keep_commas_quotes_and_line_breaks() {
        let got = records("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthen go\"\nlast,\n").unwrap();
        assert_eq!(got[0].cells, ["a", "b"]);
        assert_eq!(got[1].cells, ["x, y", "say \"hi\"\nthen go"]);
        assert_eq!(got[1].line, 2);
        assert_eq!(got[2].line, 4, "the quoted line break counts as a line");
        assert_eq!(got[2].cells, ["last", ""]);
    }

    #[test]
    fn a_last_line_without_a_line_break_is_a_record() {
        assert_eq!(cells("a,b\nc,d"), [["a", "b"], ["c", "d"]]);
    }

    #[test]
    fn an_unclosed_quote_names_the_line_it_opened_on() {
        assert_eq!(records("a\n\"b\nc\n").unwrap_err().0, 2);
    }
}
