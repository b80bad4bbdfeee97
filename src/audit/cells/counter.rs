//! Counting a cell's labelled scores by exact value: an open-addressing table from a score's order key
//! to its cases and non-cases ([`KeyCounts`]). A flush costs one hash probe per score instead of a
//! place in a sort; the distinct keys are sorted once, when the table is drained into a score table.

/// Slots of a new table.
const FIRST_SLOTS: usize = 1 << 8;
/// Most slots (1 MiB at 16 bytes a slot, so a cell's table stays in a core's L2 cache while its
/// pending scores are counted).
const MAX_SLOTS: usize = 1 << 16;

/// Order key → (cases, non-cases) of one cell, for keys that are never 0 (an order key of a finite
/// score never is: see `order_key`).
#[derive(Debug, Clone, Default)]
pub(super) struct KeyCounts {
    /// Slot `i`'s key, 0 when empty.
    keys: Vec<u64>,
    /// Slot `i`'s cases and non-cases.
    counts: Vec<[u32; 2]>,
    used: usize,
}

impl KeyCounts {
    /// Slots in use or reserved (the table's memory is 16 bytes a slot).
    pub(super) fn slots(&self) -> usize {
        self.keys.len()
    }

    /// Distinct keys held.
    pub(super) fn len(&self) -> usize {
        self.used
    }

    /// The first slot to probe: Fibonacci hashing (Knuth, TAOCP vol. 3, 6.4), the product's top bits.
    #[inline]
    fn start(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - self.keys.len().trailing_zeros()))
            as usize
    }

    /// Counts `key` as a case (`which` 0) or a non-case (1). False, with nothing counted, when the
    /// table is full (its keys at 3/4 of the most slots, or this key's count at `u32::MAX`): drain it
    /// and count again.
    #[inline]
    pub(super) fn add(&mut self, key: u64, which: usize) -> bool {
        debug_assert!(key != 0 && which < 2);
        if self.keys.is_empty() {
            self.resize(FIRST_SLOTS);
        }
        let mask = self.keys.len() - 1;
        let mut i = self.start(key);
        loop {
            let k = self.keys[i];
            if k == key {
                let c = &mut self.counts[i][which];
                if *c == u32::MAX {
                    return false;
                }
                *c += 1;
                return true;
            }
            if k == 0 {
                break;
            }
            i = (i + 1) & mask;
        }
        // A new key: at most 3/4 full, so a probe ends soon.
        if 4 * (self.used + 1) > 3 * self.keys.len() {
            if self.keys.len() >= MAX_SLOTS {
                return false;
            }
            self.resize(2 * self.keys.len());
            return self.add(key, which);
        }
        self.keys[i] = key;
        self.counts[i] = [0; 2];
        self.counts[i][which] = 1;
        self.used += 1;
        true
    }

    /// Moves to `slots` slots (a power of two), keeping every key and count.
    fn resize(&mut self, slots: usize) {
        let old = std::mem::replace(
            self,
            KeyCounts {
                keys: vec![0; slots],
                counts: vec![[0; 2]; slots],
                used: 0,
            },
        );
        let mask = slots - 1;
        for (&key, &counts) in old.keys.iter().zip(&old.counts) {
            if key == 0 {
                continue;
            }
            let mut i = self.start(key);
            while self.keys[i] != 0 {
                i = (i + 1) & mask;
            }
            self.keys[i] = key;
            self.counts[i] = counts;
            self.used += 1;
        }
    }

    /// Every key with its cases and non-cases, ascending by key; the table is left empty (its slots
    /// kept, so refilling it allocates nothing).
    pub(super) fn drain(&mut self) -> Vec<(u64, u64, u64)> {
        let mut out: Vec<(u64, u64, u64)> = Vec::with_capacity(self.used);
        for (key, counts) in self.keys.iter_mut().zip(&self.counts) {
            if *key != 0 {
                out.push((*key, u64::from(counts[0]), u64::from(counts[1])));
                *key = 0;
            }
        }
        self.used = 0;
        out.sort_unstable_by_key(|e| e.0);
        out
    }

    /// Gives back the slots (after a drain, when many cells hold tables).
    pub(super) fn release(&mut self) {
        debug_assert!(self.used == 0);
        *self = KeyCounts::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use std::collections::BTreeMap;

    /// Against a `BTreeMap` count of the same keys: few distinct keys (many repeats), and so many that
    /// the table fills up and is drained on the way (the drained parts summed).
    #[test]
    fn counts_match_a_map_through_growth_and_drains() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for distinct in [3u64, 5_000, 200_000] {
            let mut table = KeyCounts::default();
            let mut expected: BTreeMap<u64, [u64; 2]> = BTreeMap::new();
            let mut got: BTreeMap<u64, [u64; 2]> = BTreeMap::new();
            let mut drains = 0;
            let take = |drained: Vec<(u64, u64, u64)>, got: &mut BTreeMap<u64, [u64; 2]>| {
                assert!(
                    drained.windows(2).all(|w| w[0].0 < w[1].0),
                    "ascending, distinct"
                );
                for (k, p, n) in drained {
                    let e = got.entry(k).or_default();
                    e[0] += p;
                    e[1] += n;
                }
            };
            for _ in 0..300_000 {
                let key = 1 + rng.random_range(0..distinct) * 0x1_0000_0001;
                let which = usize::from(rng.random_bool(0.3));
                expected.entry(key).or_default()[which] += 1;
                if !table.add(key, which) {
                    assert!(table.len() >= 3 * MAX_SLOTS / 4);
                    take(table.drain(), &mut got);
                    drains += 1;
                    assert!(table.add(key, which), "an empty table takes any key");
                }
            }
            assert!(table.slots() <= MAX_SLOTS);
            take(table.drain(), &mut got);
            assert_eq!(table.len(), 0);
            assert_eq!(got, expected, "{distinct} distinct keys");
            assert_eq!(
                drains > 0,
                distinct > 3 * MAX_SLOTS as u64 / 4,
                "{distinct}"
            );
        }
    }

    #[test]
    fn a_count_at_its_limit_asks_for_a_drain() {
        let mut table = KeyCounts::default();
        assert!(table.add(42, 1));
        let i = (0..table.slots()).find(|&i| table.keys[i] == 42).unwrap();
        table.counts[i][1] = u32::MAX;
        assert!(!table.add(42, 1), "a full count is refused");
        assert!(table.add(42, 0), "the other count still has room");
        assert_eq!(table.drain(), vec![(42, 1, u64::from(u32::MAX))]);
    }
}
