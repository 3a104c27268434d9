//! Policy files: grants in a small TOML format (feature `policy`).
//!
//! ```toml
//! # Optional: audit allowed calls too (denials are always audited).
//! audit-allowed = false
//! # Optional: grants in the `--allow` text form.
//! allow = ["wasi:cli/stdout", "my:pkg/log#write(level: case info|warn)"]
//!
//! [[grant]]
//! interface = "my:pkg/fs"     # required
//! function = "open"           # optional; absent: every function of the interface
//! budget = 100                # optional; calls allowed in all
//! on-deny = "trap"            # optional: "trap" (default), "error", or { error = "case-name" }
//!
//! [[grant.constraint]]
//! param = "path"              # required: a name, a 0-based position, or a dotted path "opts.path"
//! prefix = "/data/"           # exactly one of prefix, glob, range, cases
//! kind = "path"               # for prefix and glob: "path" (default), "host" or "exact"
//!
//! [[grant.constraint]]
//! param = "port"
//! range = [80, 443]           # inclusive bounds (TOML integers: 64-bit signed)
//! ```
//! Unknown keys are errors (a typo must not silently change a policy), and
//! every error gives the line and column it was found at.

use crate::constraint::Constraint;
use crate::error::GrantError;
use crate::grant::{DenyAction, Grant};
use crate::param::{ParamRef, Step, checked_name};
use crate::pattern::PatternKind;
use crate::prelude::*;
use crate::rule::Rule;
use crate::table::CapabilityTable;
use alloc::borrow::Cow;
use core::fmt;
use core::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A parsed policy file: grants, and whether allowed calls are audited.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Policy {
    grants: Vec<Grant>,
    audit_allowed: bool,
}

/// A policy file that could not be read, with the line and column (1-based) of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    /// The 1-based line.
    pub line: usize,
    /// The 1-based column, in characters.
    pub column: usize,
    /// What is wrong there.
    pub kind: PolicyErrorKind,
}

/// What is wrong in a policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyErrorKind {
    /// The file is not valid TOML.
    Toml(String),
    /// A key the format does not have.
    UnknownKey {
        /// The key found.
        key: String,
        /// The keys allowed where it was found.
        allowed: &'static str,
    },
    /// A required key is absent.
    MissingKey(&'static str),
    /// A value of the wrong type.
    WrongType {
        /// The key whose value it is.
        key: &'static str,
        /// What the format wants there.
        expected: &'static str,
    },
    /// A constraint with no rule, or more than one.
    RuleCount,
    /// A grant, rule or pattern that is malformed.
    Grant(GrantError),
}

impl fmt::Display for PolicyErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Toml(message) => write!(f, "not valid TOML: {message}"),
            Self::UnknownKey { key, allowed } => write!(f, "unknown key `{key}`; the keys here are {allowed}"),
            Self::MissingKey(key) => write!(f, "`{key}` is required here"),
            Self::WrongType { key, expected } => write!(f, "`{key}` must be {expected}"),
            Self::RuleCount => f.write_str("a constraint needs exactly one of `prefix`, `glob`, `range` and `cases`"),
            Self::Grant(e) => write!(f, "{}", e.kind()),
        }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bad policy at line {}, column {}: {} (the format is in POLICY.md)",
            self.line, self.column, self.kind
        )
    }
}

impl core::error::Error for PolicyError {}

impl Policy {
    /// Parses a policy file (the format is in the module docs and POLICY.md).
    pub fn parse(text: &str) -> Result<Policy, PolicyError> {
        let doc = DeTable::parse(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            at_offset(text, at, PolicyErrorKind::Toml(e.message().into()))
        })?;
        Reader { text }.policy(doc.get_ref())
    }

    /// The grants, in file order (the `allow` list first).
    pub fn grants(&self) -> &[Grant] {
        &self.grants
    }

    /// Whether allowed calls are to be audited too.
    pub fn audit_allowed(&self) -> bool {
        self.audit_allowed
    }

    /// Grants everything in the policy to `table` and sets its auditing.
    /// A later grant of the same interface and function replaces an earlier one.
    pub fn apply(&self, table: &mut CapabilityTable) {
        for grant in &self.grants {
            table.grant(grant.clone());
        }
        table.set_audit_allowed(self.audit_allowed);
    }
}

type Entry<'i> = (&'i Spanned<Cow<'i, str>>, &'i Spanned<DeValue<'i>>);

struct Reader<'t> {
    text: &'t str,
}

impl Reader<'_> {
    fn error(&self, span: Range<usize>, kind: PolicyErrorKind) -> PolicyError {
        at_offset(self.text, span.start, kind)
    }

    fn unknown(&self, key: &Spanned<Cow<'_, str>>, allowed: &'static str) -> PolicyError {
        self.error(key.span(), PolicyErrorKind::UnknownKey { key: key.get_ref().to_string(), allowed })
    }

    fn wrong(&self, value: &Spanned<DeValue<'_>>, key: &'static str, expected: &'static str) -> PolicyError {
        self.error(value.span(), PolicyErrorKind::WrongType { key, expected })
    }

    fn grant_error(&self, value: &Spanned<DeValue<'_>>, e: GrantError) -> PolicyError {
        self.error(value.span(), PolicyErrorKind::Grant(e))
    }

    fn string<'v>(&self, value: &'v Spanned<DeValue<'_>>, key: &'static str) -> Result<&'v str, PolicyError> {
        value.get_ref().as_str().ok_or_else(|| self.wrong(value, key, "a string"))
    }

    fn integer(
        &self,
        value: &Spanned<DeValue<'_>>,
        key: &'static str,
        expected: &'static str,
    ) -> Result<i128, PolicyError> {
        let int = value.get_ref().as_integer().ok_or_else(|| self.wrong(value, key, expected))?;
        i128::from_str_radix(int.as_str(), int.radix()).map_err(|_| self.wrong(value, key, expected))
    }

    fn policy(&self, doc: &DeTable<'_>) -> Result<Policy, PolicyError> {
        let mut policy = Policy::default();
        let mut tables = Vec::new();
        for (key, value) in doc.iter() {
            match &**key.get_ref() {
                "audit-allowed" => {
                    policy.audit_allowed =
                        value.get_ref().as_bool().ok_or_else(|| self.wrong(value, "audit-allowed", "true or false"))?;
                }
                "allow" => {
                    let items = array(value).ok_or_else(|| self.wrong(value, "allow", "an array of grant strings"))?;
                    for item in items {
                        policy.grants.push(self.allow_item(item)?);
                    }
                }
                "grant" => {
                    tables = array(value)
                        .ok_or_else(|| self.wrong(value, "grant", "an array of tables ([[grant]])"))?
                        .to_vec()
                }
                _ => return Err(self.unknown(key, "`audit-allowed`, `allow` and `[[grant]]`")),
            }
        }
        for table in &tables {
            policy.grants.push(self.grant(table)?);
        }
        Ok(policy)
    }

    fn allow_item(&self, item: &Spanned<DeValue<'_>>) -> Result<Grant, PolicyError> {
        let text = self.string(item, "allow")?;
        text.parse::<Grant>().map_err(|e| {
            // The grant's column counts from inside the quotes.
            let start = item.span().start + 1;
            let prefix: usize = text.chars().take(e.column().saturating_sub(1)).map(char::len_utf8).sum();
            at_offset(self.text, start + prefix, PolicyErrorKind::Grant(e))
        })
    }

    fn grant(&self, value: &Spanned<DeValue<'_>>) -> Result<Grant, PolicyError> {
        let table = value.get_ref().as_table().ok_or_else(|| self.wrong(value, "grant", "a table"))?;
        let mut interface = None;
        let mut grant = Grant::new("");
        let mut constraints: Vec<Entry<'_>> = Vec::new();
        for (key, v) in table.iter() {
            match &**key.get_ref() {
                "interface" => interface = Some(self.string(v, "interface")?),
                "function" => grant.function = Some(self.string(v, "function")?.into()),
                "budget" => {
                    let n = self.integer(v, "budget", "a non-negative integer")?;
                    grant.budget =
                        Some(u64::try_from(n).map_err(|_| self.wrong(v, "budget", "a non-negative integer"))?);
                }
                "on-deny" => grant.on_deny = self.on_deny(v)?,
                "constraint" => constraints.push((key, v)),
                _ => {
                    return Err(
                        self.unknown(key, "`interface`, `function`, `budget`, `on-deny` and `[[grant.constraint]]`")
                    );
                }
            }
        }
        let Some(interface) = interface else {
            return Err(self.error(value.span(), PolicyErrorKind::MissingKey("interface")));
        };
        grant.interface = interface.into();
        for (_, v) in constraints {
            let items =
                array(v).ok_or_else(|| self.wrong(v, "constraint", "an array of tables ([[grant.constraint]])"))?;
            for item in items {
                grant.constraints.push(self.constraint(item)?);
            }
        }
        Ok(grant)
    }

    fn on_deny(&self, v: &Spanned<DeValue<'_>>) -> Result<DenyAction, PolicyError> {
        const EXPECTED: &str = "\"trap\", \"error\" or { error = \"case-name\" }";
        match v.get_ref() {
            DeValue::String(s) if s == "trap" => Ok(DenyAction::Trap),
            DeValue::String(s) if s == "error" => Ok(DenyAction::ReturnError { case: None }),
            DeValue::Table(t) if t.len() == 1 => {
                let Some((key, case)) = t.iter().next() else { return Err(self.wrong(v, "on-deny", EXPECTED)) };
                if &**key.get_ref() != "error" {
                    return Err(self.unknown(key, "`error`"));
                }
                let case = checked_name(self.string(case, "error")?).map_err(|e| self.grant_error(case, e))?;
                Ok(DenyAction::ReturnError { case: Some(case) })
            }
            _ => Err(self.wrong(v, "on-deny", EXPECTED)),
        }
    }

    fn constraint(&self, value: &Spanned<DeValue<'_>>) -> Result<Constraint, PolicyError> {
        let table = value.get_ref().as_table().ok_or_else(|| self.wrong(value, "constraint", "a table"))?;
        let (mut param, mut kind, mut rule) = (None, None, None);
        let mut rules = 0;
        for (key, v) in table.iter() {
            let name = &**key.get_ref();
            match name {
                "param" => param = Some(self.param(v)?),
                "kind" => {
                    let word = self.string(v, "kind")?;
                    kind = Some(
                        PatternKind::from_keyword(word)
                            .ok_or_else(|| self.wrong(v, "kind", "\"path\", \"host\" or \"exact\""))?,
                    );
                }
                "prefix" | "glob" | "range" | "cases" => {
                    rules += 1;
                    rule = Some((name, v));
                }
                _ => return Err(self.unknown(key, "`param`, `prefix`, `glob`, `kind`, `range` and `cases`")),
            }
        }
        let Some(param) = param else {
            return Err(self.error(value.span(), PolicyErrorKind::MissingKey("param")));
        };
        let (Some((name, v)), 1) = (rule, rules) else {
            return Err(self.error(value.span(), PolicyErrorKind::RuleCount));
        };
        let kind = kind.unwrap_or(PatternKind::Path);
        let rule = match name {
            "prefix" => Rule::prefix(kind, self.string(v, "prefix")?),
            "glob" => Rule::glob(kind, self.string(v, "glob")?),
            "range" => {
                const EXPECTED: &str = "an array of two integers, [min, max]";
                let bounds = array(v).ok_or_else(|| self.wrong(v, "range", EXPECTED))?;
                let [min, max] = bounds else { return Err(self.wrong(v, "range", EXPECTED)) };
                Rule::range(self.integer(min, "range", EXPECTED)?, self.integer(max, "range", EXPECTED)?)
            }
            _ => {
                let items = array(v).ok_or_else(|| self.wrong(v, "cases", "an array of case names"))?;
                let names = items.iter().map(|i| self.string(i, "cases")).collect::<Result<Vec<_>, _>>()?;
                Rule::cases(names)
            }
        };
        Ok(Constraint::new(param, rule.map_err(|e| self.grant_error(v, e))?))
    }

    fn param(&self, v: &Spanned<DeValue<'_>>) -> Result<ParamRef, PolicyError> {
        if v.get_ref().is_integer() {
            let i = self.integer(v, "param", "a name, a dotted path or a 0-based position")?;
            return u32::try_from(i)
                .map(ParamRef::index)
                .map_err(|_| self.wrong(v, "param", "a position that fits 32 bits"));
        }
        let text = self.string(v, "param")?;
        let mut steps = Vec::new();
        for part in text.split('.') {
            steps.push(match part.parse::<u32>() {
                Ok(i) if part.bytes().all(|b| b.is_ascii_digit()) => Step::Index(i),
                _ => Step::Name(checked_name(part).map_err(|e| self.grant_error(v, e))?),
            });
        }
        ParamRef::from_steps(steps).ok_or_else(|| self.wrong(v, "param", "a name"))
    }
}

fn array<'v, 'i>(value: &'v Spanned<DeValue<'i>>) -> Option<&'v [Spanned<DeValue<'i>>]> {
    value.get_ref().as_array().map(|a| &a[..])
}

/// The 1-based line and column (in characters) of byte `offset`.
fn at_offset(text: &str, offset: usize, kind: PolicyErrorKind) -> PolicyError {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    PolicyError { line, column, kind }
}

#[cfg(test)]
mod tests;
