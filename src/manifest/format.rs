//! Byte and count formatting for the table and the progress line.
//!
//! Human-readable sizes use **decimal SI units** (1 KB = 1,000 bytes, 1 MB = 1,000,000 bytes),
//! as the W&B and MLflow UIs and most cloud consoles do, and are labelled `KB`/`MB`/`GB`
//! accordingly (not `KiB`). One decimal place; values round half up and roll over to the next
//! unit (999,950 bytes is `1.0 MB`, not `1000.0 KB`).

const UNITS: [&str; 7] = ["B", "KB", "MB", "GB", "TB", "PB", "EB"];

/// `999 B`, `1.5 KB`, `12.3 MB`, `18.4 EB` (decimal units, see the module docs).
pub fn human_bytes(bytes: u64) -> String {
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let bytes = u128::from(bytes);
    let mut unit = 1;
    let mut scale: u128 = 1000;
    loop {
        // Tenths of the unit, rounded half up.
        let tenths = (bytes * 10 + scale / 2) / scale;
        if tenths < 10_000 || unit == UNITS.len() - 1 {
            return format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit]);
        }
        unit += 1;
        scale *= 1000;
    }
}

/// A size cell: [`human_bytes`] or `—` when unknown.
pub fn human_size(size: Option<u64>) -> String {
    size.map_or_else(|| "—".to_string(), human_bytes)
}

pub use crate::format::thousands;

/// `1,234,567 bytes` (`1 byte`) — the exact size for a tooltip or detail panel.
pub fn exact_bytes(bytes: u64) -> String {
    if bytes == 1 {
        "1 byte".to_string()
    } else {
        format!("{} bytes", thousands(bytes))
    }
}
