//! [`WaveError`]: why WAVE text could not be read as a value, or a value
//! not written as WAVE text, and where in the text.

use super::handle;
use crate::prelude::*;
use crate::types::ValType;
use core::error::Error;
use core::fmt;
use wasm_wave::parser::{ParserError, ParserErrorKind};

/// Why WAVE text could not be read as a value of the expected type (with
/// the place in the text), or why a value could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaveError {
    message: String,
    at: Option<Location>,
}

/// A place in WAVE text: a byte offset, and the 1-based line and column
/// (in chars) it falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// The byte offset.
    pub offset: usize,
    /// The line, from 1.
    pub line: usize,
    /// The column in chars, from 1.
    pub column: usize,
}

impl Location {
    /// Where byte `offset` of `text` is (an offset past the end, or inside a
    /// char, counts up to the end of the text, or that char).
    pub fn of(text: &str, offset: usize) -> Self {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.matches('\n').count() + 1;
        Location { offset, line, column: before[line_start..].chars().count() + 1 }
    }
}

impl WaveError {
    /// An error about the text, at `offset` in `text`.
    pub fn at(text: &str, offset: usize, message: impl Into<String>) -> Self {
        WaveError { message: message.into(), at: Some(Location::of(text, offset)) }
    }

    /// An error about a value, not about any text.
    pub fn value(message: impl Into<String>) -> Self {
        WaveError { message: message.into(), at: None }
    }

    /// What was wrong, without the place.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where in the text it was wrong, for errors about text.
    pub fn location(&self) -> Option<Location> {
        self.at
    }

    /// The same error, for text that was the part of `source` from byte
    /// `start` on: its place becomes the place in `source` (a caller that
    /// parsed part of a longer text reports errors in the whole).
    pub fn within(self, source: &str, start: usize) -> Self {
        match self.at {
            Some(at) => WaveError { at: Some(Location::of(source, at.offset + start)), ..self },
            None => self,
        }
    }

    /// The same error moved `by` bytes back, at its place in `text` (for
    /// text that was parsed with a prefix in front of it).
    pub(super) fn shifted(self, text: &str, by: usize) -> Self {
        match self.at {
            Some(at) => WaveError { at: Some(Location::of(text, at.offset.saturating_sub(by))), ..self },
            None => self,
        }
    }

    /// `wasm-wave`'s parse error `e` on `text`, parsed as a `ty`, in words.
    pub(super) fn parse(e: &ParserError, text: &str, ty: Option<&ValType>) -> Self {
        let span = e.span();
        let start = text.len() - text.trim_start().len();
        // The type is named only for the whole value: a nested value has a
        // type of its own, which the error does not tell.
        let whole = ty.filter(|_| span.start == start && span.end == text.trim_end().len());
        let found = text.get(span.clone()).map_or_else(|| "the end of the input".into(), shown);
        let detail = e.source().map(ToString::to_string).or_else(|| e.detail().map(str::to_string));
        let message = match e.kind() {
            ParserErrorKind::EmptyTuple => "a tuple needs at least one element".into(),
            ParserErrorKind::MultipleChars => {
                "a char literal holds exactly one character (strings are written in double quotes)".into()
            }
            ParserErrorKind::InvalidEscape => {
                r#"invalid escape; the escapes are \\ \' \" \t \n \r and \u{hex} for a Unicode scalar value"#.into()
            }
            ParserErrorKind::InvalidMultilineString => {
                r#"invalid multiline string: the opening """ is followed by a line break, and the closing """ is on a line of its own"#.into()
            }
            ParserErrorKind::InvalidToken => format!("invalid token {found}"),
            ParserErrorKind::InvalidType => match detail {
                Some(detail) => format!("{detail}, found {found}"),
                None => match whole {
                    Some(ty) => format!("expected a value of type `{ty}`, found {found}"),
                    None => format!("found {found}, which is not a value of the type expected there"),
                },
            },
            ParserErrorKind::InvalidValue => {
                format!("{found} is not a value of its type (out of range, or not a number of that kind)")
            }
            ParserErrorKind::TrailingCharacters => format!("expected the end of the input, found {found}"),
            ParserErrorKind::UnexpectedEnd => "unexpected end of the input".into(),
            ParserErrorKind::UnexpectedToken => format!("unexpected {found}"),
            ParserErrorKind::DuplicateField => format!("field {found} is given twice"),
            ParserErrorKind::DuplicateFlag => format!("flag {found} is given twice"),
            ParserErrorKind::NestingTooDeep => "values nest more than 100 deep".into(),
            ParserErrorKind::WasmValueError => match (detail, ty.and_then(handle::handle_type)) {
                (Some(d), Some(h)) if d.starts_with("unsupported type") => {
                    format!("`{h}` is a resource handle, which WAVE cannot write")
                }
                (Some(d), _) => format!("{d}, in {found}"),
                (None, _) => format!("{found} is not a value of the type expected there"),
            },
            other => match detail {
                Some(detail) => format!("{other}: {detail}"),
                None => other.to_string(),
            },
        };
        WaveError::at(text, span.start, message)
    }
}

/// `text` quoted for a message, shortened when long.
fn shown(text: &str) -> String {
    if text.chars().count() > 24 {
        let head: String = text.chars().take(20).collect();
        return format!("`{head}...`");
    }
    format!("`{text}`")
}

impl fmt::Display for WaveError {
    /// `message`, then ` (at column C)`, or ` (at line L, column C)` past
    /// the first line, for errors about text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            None => f.write_str(&self.message),
            Some(Location { line: 1, column, .. }) => write!(f, "{} (at column {column})", self.message),
            Some(Location { line, column, .. }) => write!(f, "{} (at line {line}, column {column})", self.message),
        }
    }
}

impl Error for WaveError {}
