//! The end-to-end guest: implements the world `airssys:demo/bindings-demo`
//! (`wit/bindings-demo/demo.wit`) with wit-bindgen, for the runtime's tests
//! and `airssys-wasm inspect`. Built by `crates/guests/build.sh`.
//!
//! The bindings wit-bindgen generates need `unsafe` (the canonical ABI's
//! exports); this crate's own code has none.

mod accumulator;

/// The bindings of the world (their items carry the WIT's docs, not
/// rustdoc's).
#[allow(missing_docs)]
mod bindings {
    wit_bindgen::generate!({
        world: "bindings-demo",
        path: "../../../wit/bindings-demo",
        // The shapes package is part of the world too.
        generate_all,
    });
}

use bindings::Guest;
use bindings::airssys::demo::host::{self, Blob, Level};
use bindings::airssys::shapes::types::{Point, Rect, Shape};
use bindings::exports::airssys::demo::api::{self, Color, Error, Permissions, Summary};

/// The guest's exports.
struct Demo;

impl Guest for Demo {
    fn version() -> String {
        format!("bindings-demo {}", env!("CARGO_PKG_VERSION"))
    }
}

impl api::Guest for Demo {
    type Accumulator = accumulator::Accumulator;

    fn area(s: Shape) -> u64 {
        match s {
            // πr² with π as 355/113, rounded down.
            Shape::Circle((_, r)) => u64::from(r) * u64::from(r) * 355 / 113,
            Shape::Rectangle(r) => u64::from(r.width) * u64::from(r.height),
            Shape::Dot(_) => 0,
        }
    }

    fn translate(p: Point, dx: i32, dy: i32) -> Point {
        Point { x: p.x.wrapping_add(dx), y: p.y.wrapping_add(dy) }
    }

    fn summarize(shapes: Vec<Shape>) -> Summary {
        let count = u32::try_from(shapes.len()).unwrap_or(u32::MAX);
        let bounds = shapes.iter().map(bounds).reduce(union);
        let labels = shapes.iter().map(label).collect();
        let total_area = shapes.into_iter().map(<Demo as api::Guest>::area).fold(0u64, u64::saturating_add);
        Summary { count, total_area, bounds, labels }
    }

    fn parse_color(text: String) -> Result<Color, Error> {
        match text.as_str() {
            "red" => Ok(Color::Red),
            "green" => Ok(Color::Green),
            "blue" => Ok(Color::Blue),
            "" => Err(Error::Empty),
            _ => Err(Error::Invalid(text)),
        }
    }

    fn read_only(p: Permissions) -> Permissions {
        (p - Permissions::WRITE) | Permissions::READ
    }

    fn first_word(text: String) -> Option<String> {
        text.split_whitespace().next().map(str::to_string)
    }

    fn log_all(level: Level, messages: Vec<String>) -> u32 {
        for message in &messages {
            host::log(level, message);
        }
        u32::try_from(messages.len()).unwrap_or(u32::MAX)
    }

    fn fill_blob(capacity: u32, chunks: Vec<Vec<u8>>) -> Result<Vec<u8>, Error> {
        let blob = Blob::new(capacity);
        for chunk in &chunks {
            blob.write(chunk).map_err(Error::TooLarge)?;
        }
        Ok(blob.read())
    }

    fn write_to(target: &Blob, data: Vec<u8>) -> Result<(), u32> {
        target.write(&data)
    }
}

/// The smallest rectangle around `s` (a dot is a rectangle of size zero).
fn bounds(s: &Shape) -> Rect {
    match s {
        Shape::Circle((c, r)) => {
            let r_signed = i32::try_from(*r).unwrap_or(i32::MAX);
            Rect {
                origin: Point { x: c.x.saturating_sub(r_signed), y: c.y.saturating_sub(r_signed) },
                width: r.saturating_mul(2),
                height: r.saturating_mul(2),
            }
        }
        Shape::Rectangle(r) => *r,
        Shape::Dot(p) => Rect { origin: *p, width: 0, height: 0 },
    }
}

/// The smallest rectangle around both `a` and `b`.
fn union(a: Rect, b: Rect) -> Rect {
    let right = |r: &Rect| i64::from(r.origin.x) + i64::from(r.width);
    let bottom = |r: &Rect| i64::from(r.origin.y) + i64::from(r.height);
    let x = a.origin.x.min(b.origin.x);
    let y = a.origin.y.min(b.origin.y);
    let width = right(&a).max(right(&b)) - i64::from(x);
    let height = bottom(&a).max(bottom(&b)) - i64::from(y);
    Rect {
        origin: Point { x, y },
        width: u32::try_from(width).unwrap_or(u32::MAX),
        height: u32::try_from(height).unwrap_or(u32::MAX),
    }
}

/// A short label of `s`: `circle r=5`, `rect 2x3`, `dot (1, 2)`.
fn label(s: &Shape) -> String {
    match s {
        Shape::Circle((_, r)) => format!("circle r={r}"),
        Shape::Rectangle(r) => format!("rect {}x{}", r.width, r.height),
        Shape::Dot(p) => format!("dot ({}, {})", p.x, p.y),
    }
}

bindings::export!(Demo with_types_in bindings);
