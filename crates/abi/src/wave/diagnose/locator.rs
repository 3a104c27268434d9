//! The [`Locator`]: walks the tokens of WAVE text in order, tracking the
//! type expected at each, up to the first one that cannot be there.

use super::{Problem, lexical};
use crate::prelude::*;
use crate::types::ValType;
use wasm_wave::lex::{Keyword, Lexer, Token};

/// Values nest at most this deep, as in `wasm-wave`.
const MAX_DEPTH: usize = 100;

/// A token with its byte span; `None` is the end of the input.
#[derive(Debug, Clone)]
pub(in crate::wave) struct Spanned {
    /// The token, or `None` at the end of the input.
    pub(in crate::wave) token: Option<Token>,
    /// The offset of its first byte.
    pub(in crate::wave) start: usize,
    /// The offset just past its last byte.
    pub(in crate::wave) end: usize,
}

/// Walks WAVE text one token at a time (one token of lookahead, in
/// [`Locator::current`]), checking each against the expected type.
pub(in crate::wave) struct Locator<'a> {
    text: &'a str,
    lexer: Lexer<'a>,
    /// The token being looked at.
    pub(in crate::wave) current: Spanned,
    depth: usize,
}

/// Whether a `some` or `ok` payload of type `ty` may be written flat, without
/// the `some(...)`/`ok(...)` around it (it is not an option or result itself).
fn flattenable(ty: &ValType) -> bool {
    !matches!(ty, ValType::Option(_) | ValType::Result(_))
}

/// `n thing` or `n things`.
pub(in crate::wave) fn count(n: usize, thing: &str) -> String {
    if n == 1 { format!("1 {thing}") } else { format!("{n} {thing}s") }
}

impl<'a> Locator<'a> {
    /// A locator over `text` from byte offset `start` (a char boundary).
    pub(in crate::wave) fn new(text: &'a str, start: usize) -> Result<Self, Problem> {
        let mut lexer = Lexer::new(text);
        lexer.bump(start);
        let current = Spanned { token: None, start, end: start };
        let mut locator = Locator { text, lexer, current, depth: 0 };
        locator.current = locator.next_token()?;
        Ok(locator)
    }

    /// The next token from `wasm-wave`'s lexer, checked by the rules of
    /// WAVE's tokens.
    fn next_token(&mut self) -> Result<Spanned, Problem> {
        match self.lexer.next() {
            None => Ok(Spanned { token: None, start: self.text.len(), end: self.text.len() }),
            Some(Ok(token)) => {
                let span = self.lexer.span();
                lexical::check(self.text, span.start)?;
                Ok(Spanned { token: Some(token), start: span.start, end: span.end })
            }
            Some(Err(span)) => {
                let start = span.map_or_else(|| self.lexer.span().start, |s| s.start);
                lexical::check(self.text, start)?;
                let shown: String = self.text[start..].chars().take(1).collect();
                Err(Problem::new(start, format!("invalid token starting with `{}`", shown.escape_debug())))
            }
        }
    }

    /// Moves to the next token, returning the current one.
    pub(in crate::wave) fn advance(&mut self) -> Result<Spanned, Problem> {
        let next = self.next_token()?;
        Ok(core::mem::replace(&mut self.current, next))
    }

    /// Whether the current token is `token`.
    pub(in crate::wave) fn at(&self, token: Token) -> bool {
        self.current.token == Some(token)
    }

    /// The source text of `token`.
    fn text_of(&self, token: &Spanned) -> &'a str {
        &self.text[token.start..token.end]
    }

    /// The current token as an unescaped keyword, if it is one.
    fn keyword(&self) -> Option<Keyword> {
        match self.current.token {
            Some(Token::LabelOrKeyword) => Keyword::decode(self.text_of(&self.current)),
            _ => None,
        }
    }

    /// How the current token reads in a message.
    fn found(&self) -> String {
        if self.current.token.is_none() {
            return "the end of the input".into();
        }
        let text = self.text_of(&self.current);
        if text.chars().count() > 24 {
            let head: String = text.chars().take(20).collect();
            return format!("`{head}...`");
        }
        format!("`{text}`")
    }

    /// "expected `expected`, found" and the current token.
    pub(in crate::wave) fn unexpected(&self, expected: &str) -> Problem {
        Problem::new(self.current.start, format!("expected {expected}, found {}", self.found()))
    }

    /// Consumes `token`, or fails saying what was `expected`.
    pub(in crate::wave) fn expect(&mut self, token: Token, expected: &str) -> Result<Spanned, Problem> {
        if !self.at(token) {
            return Err(self.unexpected(expected));
        }
        self.advance()
    }

    /// Fails unless all the input has been read.
    pub(in crate::wave) fn expect_end(&self) -> Result<(), Problem> {
        match self.current.token {
            None => Ok(()),
            Some(_) => Err(self.unexpected("the end of the input")),
        }
    }

    /// After an element of a sequence closed by `close`: a comma (then
    /// maybe the close, as trailing commas are allowed) or the close.
    /// Returns where the close was, once the sequence is finished.
    pub(in crate::wave) fn separator(&mut self, close: Token, closing: &str) -> Result<Option<usize>, Problem> {
        if self.at(Token::Comma) {
            self.advance()?;
            if !self.at(close) {
                return Ok(None);
            }
        }
        if self.at(close) {
            return Ok(Some(self.advance()?.start));
        }
        Err(self.unexpected(&format!("`,` or `{closing}`")))
    }

    /// One value of type `ty`.
    pub(in crate::wave) fn value(&mut self, ty: &ValType) -> Result<(), Problem> {
        if self.depth >= MAX_DEPTH {
            return Err(Problem::new(self.current.start, format!("values nest more than {MAX_DEPTH} deep")));
        }
        self.depth += 1;
        let checked = self.value_of_kind(ty);
        self.depth -= 1;
        checked
    }

    /// One value of type `ty`, by the type's kind.
    fn value_of_kind(&mut self, ty: &ValType) -> Result<(), Problem> {
        match ty {
            ValType::Bool => self.bool(),
            ValType::S8 => self.integer("s8", i8::MIN.into(), i8::MAX.into()),
            ValType::U8 => self.integer("u8", 0, u8::MAX.into()),
            ValType::S16 => self.integer("s16", i16::MIN.into(), i16::MAX.into()),
            ValType::U16 => self.integer("u16", 0, u16::MAX.into()),
            ValType::S32 => self.integer("s32", i32::MIN.into(), i32::MAX.into()),
            ValType::U32 => self.integer("u32", 0, u32::MAX.into()),
            ValType::S64 => self.integer("s64", i64::MIN.into(), i64::MAX.into()),
            ValType::U64 => self.integer("u64", 0, u64::MAX.into()),
            ValType::F32 => self.float("an f32", |text| text.parse::<f32>().is_ok()),
            ValType::F64 => self.float("an f64", |text| text.parse::<f64>().is_ok()),
            ValType::Char => self.leaf(&[Token::Char], "a char like 'x'"),
            ValType::String => self.leaf(&[Token::String, Token::MultilineString], r#"a string like "text""#),
            ValType::List(t) => self.list(t.element()).map(|_| ()),
            ValType::FixedList(t) => self.fixed_list(t.element(), t.len()),
            ValType::Tuple(t) => self.tuple(t.types()),
            ValType::Record(t) => {
                let fields: Vec<(&str, &ValType)> = t.fields().iter().map(|f| (f.name.as_str(), &f.ty)).collect();
                self.record(ty, &fields)
            }
            ValType::Variant(t) => {
                let cases: Vec<(&str, Option<&ValType>)> =
                    t.cases().iter().map(|c| (c.name.as_str(), c.ty.as_ref())).collect();
                self.variant(ty, &cases)
            }
            ValType::Enum(t) => self.enum_case(ty, t.labels()),
            ValType::Option(t) => self.option(t.some()),
            ValType::Result(t) => self.result(t.ok(), t.err()),
            ValType::Flags(t) => self.flags(ty, t.labels()),
            ValType::Own(_) | ValType::Borrow(_) => {
                Err(Problem::new(self.current.start, format!("`{ty}` is a resource handle, which WAVE cannot write")))
            }
        }
    }

    /// A token of one of the `kinds`.
    fn leaf(&mut self, kinds: &[Token], expected: &str) -> Result<(), Problem> {
        match self.current.token {
            Some(token) if kinds.contains(&token) => self.advance().map(|_| ()),
            _ => Err(self.unexpected(expected)),
        }
    }

    /// `true` or `false`.
    fn bool(&mut self) -> Result<(), Problem> {
        match self.keyword() {
            Some(Keyword::True | Keyword::False) => self.advance().map(|_| ()),
            _ => Err(self.unexpected("`true` or `false`")),
        }
    }

    /// A decimal integer in `min..=max`, of the type named `name`.
    fn integer(&mut self, name: &str, min: i128, max: i128) -> Result<(), Problem> {
        let text = self.text_of(&self.current);
        if !self.at(Token::Number) || text.contains(['.', 'e', 'E', 'i']) {
            return Err(self.unexpected(&format!("an integer ({name})")));
        }
        match text.parse::<i128>() {
            Ok(0) if min == 0 && text.starts_with('-') => {
                let message = format!("`{text}` is not a {name}: an unsigned integer is written without `-`");
                Err(Problem::new(self.current.start, message))
            }
            Ok(n) if (min..=max).contains(&n) => self.advance().map(|_| ()),
            _ => Err(Problem::new(self.current.start, format!("`{text}` is out of range for {name}"))),
        }
    }

    /// A number that `parses`, `nan`, `inf` or `-inf`, of the type named
    /// `name`.
    fn float(&mut self, name: &str, parses: fn(&str) -> bool) -> Result<(), Problem> {
        let text = self.text_of(&self.current);
        match (self.current.token, self.keyword()) {
            (_, Some(Keyword::Inf | Keyword::Nan)) => {}
            (Some(Token::Number), _) if parses(text) => {}
            (Some(Token::Number), _) => {
                return Err(Problem::new(self.current.start, format!("`{text}` is not {name}")));
            }
            _ => return Err(self.unexpected(&format!("{name} (a number, `nan`, `inf` or `-inf`)"))),
        }
        self.advance().map(|_| ())
    }

    /// `[v, ...]`: the number of elements.
    fn list(&mut self, element: &ValType) -> Result<usize, Problem> {
        self.expect(Token::BracketOpen, "a list `[...]`")?;
        if self.at(Token::BracketClose) {
            self.advance()?;
            return Ok(0);
        }
        let mut len = 0;
        loop {
            self.value(element)?;
            len += 1;
            if self.separator(Token::BracketClose, "]")?.is_some() {
                return Ok(len);
            }
        }
    }

    /// `[v, ...]` with exactly `len` elements.
    fn fixed_list(&mut self, element: &ValType, len: u32) -> Result<(), Problem> {
        let start = self.current.start;
        let found = self.list(element)?;
        if usize::try_from(len).ok() != Some(found) {
            let message = format!("expected a list of {}, found {found}", count(len as usize, "element"));
            return Err(Problem::new(start, message));
        }
        Ok(())
    }

    /// `(v, ...)` with one element per type.
    fn tuple(&mut self, types: &[ValType]) -> Result<(), Problem> {
        let start = self.current.start;
        self.expect(Token::ParenOpen, "a tuple `(...)`")?;
        let mut found = 0;
        loop {
            let Some(ty) = types.get(found) else {
                return Err(self.unexpected(&format!("`)` after {}", count(types.len(), "tuple element"))));
            };
            self.value(ty)?;
            found += 1;
            if self.separator(Token::ParenClose, ")")?.is_some() {
                break;
            }
        }
        if found != types.len() {
            let message = format!("expected a tuple of {}, found {found}", count(types.len(), "element"));
            return Err(Problem::new(start, message));
        }
        Ok(())
    }

    /// `{field: value, ...}` in any order; `option` fields may be left out;
    /// `{:}` when every field is left out.
    fn record(&mut self, ty: &ValType, fields: &[(&str, &ValType)]) -> Result<(), Problem> {
        let start = self.current.start;
        self.expect(Token::BraceOpen, "a record `{field: value, ...}`")?;
        let mut given = vec![false; fields.len()];
        if self.at(Token::Colon) {
            self.advance()?;
            self.expect(Token::BraceClose, "`}` after `{:}`")?;
        } else {
            self.record_fields(ty, fields, &mut given)?;
        }
        let missing =
            fields.iter().zip(given).find(|((_, field_ty), given)| !given && !matches!(field_ty, ValType::Option(_)));
        match missing {
            Some(((name, field_ty), _)) => Err(Problem::new(start, format!("missing field `{name}: {field_ty}`"))),
            None => Ok(()),
        }
    }

    /// The `field: value` entries of a record up to its `}`, marking the
    /// fields `given`.
    fn record_fields(&mut self, ty: &ValType, fields: &[(&str, &ValType)], given: &mut [bool]) -> Result<(), Problem> {
        if self.at(Token::BraceClose) {
            return Err(self.unexpected("a field (a record whose fields are all left out is written `{:}`)"));
        }
        loop {
            if !self.at(Token::LabelOrKeyword) {
                return Err(self.unexpected("a field label"));
            }
            let label_token = self.advance()?;
            let label = self.text_of(&label_token).trim_start_matches('%');
            let Some(index) = fields.iter().position(|(name, _)| *name == label) else {
                let known = fields.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ");
                let message = format!("unknown field `{label}` of `{ty}`; the fields are {known}");
                return Err(Problem::new(label_token.start, message));
            };
            if given[index] {
                return Err(Problem::new(label_token.start, format!("field `{label}` is given twice")));
            }
            self.expect(Token::Colon, &format!("`:` after field `{label}`"))?;
            self.value(fields[index].1)?;
            given[index] = true;
            if self.separator(Token::BraceClose, "}")?.is_some() {
                return Ok(());
            }
        }
    }

    /// A case label, as the index of the case named by it. A keyword is an
    /// ordinary label only when written with `%`.
    fn case_label<'n>(
        &mut self,
        ty: &ValType,
        names: impl Iterator<Item = &'n str> + Clone,
    ) -> Result<(usize, Spanned), Problem> {
        if !self.at(Token::LabelOrKeyword) {
            return Err(self.unexpected(&format!("a case of `{ty}`")));
        }
        let text = self.text_of(&self.current);
        let label = text.trim_start_matches('%');
        if self.keyword().is_some() {
            let message = format!(
                "expected a case of `{ty}`, found the keyword `{label}` (a case named `{label}` is written `%{label}`)"
            );
            return Err(Problem::new(self.current.start, message));
        }
        let Some(index) = names.clone().position(|n| n == label) else {
            let list = names.collect::<Vec<_>>().join(", ");
            let message = format!("unknown case `{label}` of `{ty}`; the cases are {list}");
            return Err(Problem::new(self.current.start, message));
        };
        Ok((index, self.advance()?))
    }

    /// `case` or `case(payload)`.
    fn variant(&mut self, ty: &ValType, cases: &[(&str, Option<&ValType>)]) -> Result<(), Problem> {
        let (index, label) = self.case_label(ty, cases.iter().map(|(name, _)| *name))?;
        let (name, payload_ty) = cases[index];
        self.payload(name, payload_ty, &label)
    }

    /// `case` of an enum.
    fn enum_case(&mut self, ty: &ValType, labels: &[String]) -> Result<(), Problem> {
        let (index, _) = self.case_label(ty, labels.iter().map(String::as_str))?;
        if self.at(Token::ParenOpen) {
            let name = &labels[index];
            return Err(Problem::new(self.current.start, format!("enum case `{name}` takes no payload")));
        }
        Ok(())
    }

    /// The `(payload)` after a case label, present exactly when the case
    /// has a payload type.
    fn payload(&mut self, case: &str, ty: Option<&ValType>, label: &Spanned) -> Result<(), Problem> {
        match ty {
            Some(ty) => {
                if !self.at(Token::ParenOpen) {
                    let message = format!("case `{case}` needs a payload of type `{ty}`: write `{case}(...)`");
                    return Err(Problem::new(label.start, message));
                }
                self.advance()?;
                self.value(ty)?;
                self.expect(Token::ParenClose, "`)` after the payload").map(|_| ())
            }
            None if self.at(Token::ParenOpen) => {
                Err(Problem::new(self.current.start, format!("case `{case}` takes no payload")))
            }
            None => Ok(()),
        }
    }

    /// `some(v)`, `none`, or `v` itself when `v` is not an option or result.
    fn option(&mut self, some: &ValType) -> Result<(), Problem> {
        match self.keyword() {
            Some(Keyword::None) => {
                let label = self.advance()?;
                self.payload("none", None, &label)
            }
            Some(Keyword::Some) => {
                let label = self.advance()?;
                self.payload("some", Some(some), &label)
            }
            _ if flattenable(some) => self.value(some),
            _ => Err(self.unexpected("`some(...)` or `none`")),
        }
    }

    /// `ok`, `ok(v)`, `err`, `err(e)`, or `v` itself for `ok(v)` when `v` is
    /// not an option or result.
    fn result(&mut self, ok: Option<&ValType>, err: Option<&ValType>) -> Result<(), Problem> {
        match self.keyword() {
            Some(Keyword::Ok) => {
                let label = self.advance()?;
                self.payload("ok", ok, &label)
            }
            Some(Keyword::Err) => {
                let label = self.advance()?;
                self.payload("err", err, &label)
            }
            _ => match ok {
                Some(ok) if flattenable(ok) => self.value(ok),
                _ => Err(self.unexpected("`ok` or `err`")),
            },
        }
    }

    /// `{label, ...}` in any order, `{}` for none set.
    fn flags(&mut self, ty: &ValType, labels: &[String]) -> Result<(), Problem> {
        self.expect(Token::BraceOpen, "flags `{flag, ...}`")?;
        if self.at(Token::BraceClose) {
            return self.advance().map(|_| ());
        }
        let mut given = vec![false; labels.len()];
        loop {
            if !self.at(Token::LabelOrKeyword) {
                return Err(self.unexpected("a flag label"));
            }
            let label = self.text_of(&self.current).trim_start_matches('%');
            let Some(index) = labels.iter().position(|l| l == label).filter(|i| *i < 32) else {
                let message = format!("unknown flag `{label}` of `{ty}`; the flags are {}", labels.join(", "));
                return Err(Problem::new(self.current.start, message));
            };
            if given[index] {
                return Err(Problem::new(self.current.start, format!("flag `{label}` is given twice")));
            }
            given[index] = true;
            self.advance()?;
            if self.separator(Token::BraceClose, "}")?.is_some() {
                return Ok(());
            }
        }
    }
}
