//! How a streamed row finds its cell: each group value as a fixed-size [`ShortKey`] and the row's
//! keys together in an open-addressing table ([`ShortCells`]), with per-column [`Dictionary`]s for
//! new combinations and long values.

use rustc_hash::FxHashMap;

/// A value of at most 16 bytes as a fixed-size key: four 4-byte loads that overlap and so cover
/// every byte (single bytes for values under 4), with its length. Equal keys are equal values, so a
/// row's cell is found by comparing words instead of calling `memcmp` on text; and the loads do not
/// branch on the length, which varies from row to row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct ShortKey {
    head: u64,
    tail: u64,
    len: u8,
}

impl ShortKey {
    #[inline]
    pub(super) fn of(v: &[u8]) -> Option<ShortKey> {
        let len = v.len();
        let four = |at: usize| u64::from(u32::from_le_bytes(v[at..at + 4].try_into().expect("4")));
        let (head, tail) = match len {
            // Loads at 0, ⌈x/3⌉, x − ⌈x/3⌉ and x (x = len − 4 ≤ 12): no gap between them exceeds 4
            // bytes, so together they read every byte.
            4..=16 => {
                let x = len - 4;
                let third = x.div_ceil(3);
                (four(0) | four(third) << 32, four(x - third) | four(x) << 32)
            }
            // Bytes 0, len/2 and len−1 are every byte of a value of 1 to 3 bytes.
            1..=3 => (
                u64::from(v[0]) | u64::from(v[len / 2]) << 8 | u64::from(v[len - 1]) << 16,
                0,
            ),
            0 => (0, 0),
            _ => return None,
        };
        Some(ShortKey {
            head,
            tail,
            len: len as u8,
        })
    }
}

/// A column's values in the order first seen, and the code of each (consulted once per new
/// combination of values, and for rows with a value over 16 bytes).
#[derive(Debug, Clone, Default)]
pub(super) struct Dictionary {
    codes: FxHashMap<String, u32>,
    pub(super) values: Vec<String>,
}

impl Dictionary {
    pub(super) fn code(&mut self, value: &str) -> u32 {
        if let Some(&c) = self.codes.get(value) {
            return c;
        }
        let c = self.values.len() as u32;
        self.values.push(value.to_string());
        self.codes.insert(value.to_string(), c);
        c
    }
}

/// Group columns up to this many are looked up by their [`ShortKey`]s.
pub(super) const SHORT_COLUMNS: usize = 4;

/// Rows whose group values are all short ([`ShortKey`]) → cell index: an open-addressing table over
/// the row's keys together, so a row costs one hash and (almost always) one probe, with no branch
/// that depends on which value it holds.
#[derive(Debug, Clone, Default)]
pub(super) struct ShortCells {
    /// Keys per slot (the group columns).
    width: usize,
    /// Slot `i`'s keys are `keys[i·width..(i+1)·width]`.
    keys: Vec<ShortKey>,
    /// Slot `i`'s cell, `u32::MAX` when empty.
    cells: Vec<u32>,
    used: usize,
}

impl ShortCells {
    pub(super) fn new(width: usize) -> Self {
        ShortCells::with_slots(width, 64)
    }

    fn with_slots(width: usize, slots: usize) -> Self {
        ShortCells {
            width,
            keys: vec![ShortKey::default(); slots * width],
            cells: vec![u32::MAX; slots],
            used: 0,
        }
    }

    /// The first slot to probe: the keys folded by multiply–xor, the product's top bits (Fibonacci
    /// hashing, Knuth TAOCP 6.4), one multiplication deep per column.
    #[inline]
    fn start(&self, keys: &[ShortKey]) -> usize {
        let mut h = 0u64;
        for k in keys {
            h = (h ^ k.head ^ k.tail.rotate_left(29) ^ u64::from(k.len))
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
        (h >> (64 - self.cells.len().trailing_zeros())) as usize
    }

    #[inline]
    pub(super) fn get(&self, keys: &[ShortKey]) -> Option<u32> {
        let mask = self.cells.len() - 1;
        let mut i = self.start(keys);
        loop {
            let c = self.cells[i];
            if c == u32::MAX {
                return None;
            }
            if self.keys[i * self.width..(i + 1) * self.width] == *keys {
                return Some(c);
            }
            i = (i + 1) & mask;
        }
    }

    pub(super) fn insert(&mut self, keys: &[ShortKey], cell: u32) {
        // At most half full, so a probe ends soon.
        if 2 * (self.used + 1) > self.cells.len() {
            let bigger = ShortCells::with_slots(self.width, 2 * self.cells.len());
            let old = std::mem::replace(self, bigger);
            for (i, &c) in old.cells.iter().enumerate() {
                if c != u32::MAX {
                    self.insert(&old.keys[i * old.width..(i + 1) * old.width], c);
                }
            }
        }
        let mask = self.cells.len() - 1;
        let mut i = self.start(keys);
        while self.cells[i] != u32::MAX {
            i = (i + 1) & mask;
        }
        self.keys[i * self.width..(i + 1) * self.width].copy_from_slice(keys);
        self.cells[i] = cell;
        self.used += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_are_equal_exactly_when_values_are() {
        // Every length up to 17, values that differ in one byte at every position (where the
        // overlapping loads of a key meet), and long values that have no key.
        let mut values: Vec<Vec<u8>> = Vec::new();
        for len in 0..=17usize {
            let base: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            values.push(base.clone());
            for at in 0..len {
                let mut v = base.clone();
                v[at] = b'#';
                values.push(v);
            }
        }
        for a in &values {
            for b in &values {
                match (ShortKey::of(a), ShortKey::of(b)) {
                    (Some(x), Some(y)) => assert_eq!(x == y, a == b, "{a:?} vs {b:?}"),
                    (None, None) => assert!(a.len() > 16 && b.len() > 16),
                    _ => assert!(a.len() > 16 || b.len() > 16),
                }
            }
        }
    }
}
