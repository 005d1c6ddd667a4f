//! JSON output: exactly the serde form of the report, pretty-printed.

use crate::report::Report;

pub fn render(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).unwrap_or_else(|e| {
        // Serialising plain structs cannot fail; keep a valid document anyway.
        format!("{{\"error\": \"could not serialise the report: {e}\"}}")
    });
    s.push('\n');
    s
}
