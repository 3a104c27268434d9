//! The figures of one run and their table.

use std::time::Duration;

/// What one child measured (milliseconds and megabytes).
#[derive(Clone, Debug, Default)]
pub struct Figures {
    /// `Component::new` from the bytes in memory (decoding, validation,
    /// compilation for wasmtime).
    pub load_ms: f64,
    /// Instantiation (linking, start functions).
    pub instantiate_ms: f64,
    /// The first call (`run` for a command, `greet` for the others).
    pub first_call_ms: f64,
    /// A second call of the same function (the commands' `run` is called
    /// once only: 0).
    pub second_call_ms: f64,
    /// The child's peak resident set size.
    pub peak_rss_mb: f64,
    /// The child process's whole wall time, as the parent saw it.
    pub process_ms: f64,
}

/// Milliseconds of `d`.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

impl Figures {
    /// Adds the process's peak RSS so far (`VmHWM` of /proc/self/status).
    pub fn with_peak_rss(mut self) -> Result<Figures, String> {
        let status = std::fs::read_to_string("/proc/self/status")
            .map_err(|e| format!("cannot read /proc/self/status for the peak RSS (Linux only): {e}"))?;
        let kb = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .ok_or("no VmHWM line in /proc/self/status")?;
        self.peak_rss_mb = kb / 1024.0;
        Ok(self)
    }

    /// The line a child prints.
    pub fn to_line(&self) -> String {
        format!(
            "{} {} {} {} {}",
            self.load_ms, self.instantiate_ms, self.first_call_ms, self.second_call_ms, self.peak_rss_mb
        )
    }

    /// Parses a child's line.
    pub fn from_line(line: &str) -> Result<Figures, String> {
        let v: Vec<f64> =
            line.split(' ').map(str::parse).collect::<Result<_, _>>().map_err(|e| format!("bad line `{line}`: {e}"))?;
        let [load_ms, instantiate_ms, first_call_ms, second_call_ms, peak_rss_mb] = v[..] else {
            return Err(format!("bad line `{line}`: five numbers expected"));
        };
        Ok(Figures { load_ms, instantiate_ms, first_call_ms, second_call_ms, peak_rss_mb, process_ms: 0.0 })
    }

    /// The median of each figure over `all`.
    pub fn median(all: &[Figures]) -> Figures {
        let med = |f: fn(&Figures) -> f64| {
            let mut v: Vec<f64> = all.iter().map(f).collect();
            v.sort_by(f64::total_cmp);
            v.get(v.len() / 2).copied().unwrap_or_default()
        };
        Figures {
            load_ms: med(|f| f.load_ms),
            instantiate_ms: med(|f| f.instantiate_ms),
            first_call_ms: med(|f| f.first_call_ms),
            second_call_ms: med(|f| f.second_call_ms),
            peak_rss_mb: med(|f| f.peak_rss_mb),
            process_ms: med(|f| f.process_ms),
        }
    }

    /// The table's header.
    pub fn header() -> String {
        format!(
            "| {:<6} | {:<12} | {:>9} | {:>11} | {:>10} | {:>11} | {:>13} | {:>12} |\n|---|---|--:|--:|--:|--:|--:|--:|",
            "case", "engine", "load", "instantiate", "first call", "second call", "whole process", "peak RSS MB"
        )
    }

    /// One row of the table.
    pub fn row(&self, case: &str, engine: &str) -> String {
        format!(
            "| {case:<6} | {engine:<12} | {:>9.1} | {:>11.1} | {:>10.1} | {:>11.2} | {:>13.0} | {:>12.1} |",
            self.load_ms,
            self.instantiate_ms,
            self.first_call_ms,
            self.second_call_ms,
            self.process_ms,
            self.peak_rss_mb
        )
    }
}
