//! How the library reports progress on long steps ([`Progress`]): it only calls these; the binary
//! draws them as bars, and tests and nested steps pass [`Silent`].

/// Reports progress on long steps (the binary draws bars; the library only calls these).
pub trait Progress: Sync {
    /// A step begins; `total` units when known.
    fn begin(&self, _what: &str, _total: Option<u64>) {}
    /// One unit is done.
    fn advance(&self) {}
    /// The step is done.
    fn end(&self) {}
    /// A step that reads `total` bytes begins.
    fn begin_bytes(&self, what: &str, total: u64) {
        self.begin(what, Some(total));
    }
    /// `bytes` more were read; `rows` rows so far.
    fn advance_bytes(&self, _bytes: u64, _rows: u64) {}
}

/// No progress reporting.
pub struct Silent;
impl Progress for Silent {}
