//! Reading numbers from text cells: an exact fast path for short decimals (the common case in scored
//! files), the standard library's parser for everything else.

/// Powers of ten that are exact in an `f64` (10²² is the largest).
const EXACT_POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Parses `text` as `str::parse::<f64>` does, with the same result bit for bit.
///
/// Fast path (Clinger 1990, "How to read floating point numbers accurately", PLDI): a cell of the
/// form `[+-]digits[.digits]` with at most 15 digits is `m / 10^f` for an integer `m < 2⁵³` and
/// `f ≤ 22`; both are exact in an `f64`, and IEEE division rounds correctly, so the quotient is the
/// correctly rounded value of the decimal, which is what the standard parser returns. Anything else
/// (exponents, more digits, `inf`, `nan`, stray characters) goes to the standard parser.
#[inline]
pub fn parse_f64(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let mut mantissa: u64 = 0;
    let (mut count, mut fraction, mut dot) = (0usize, 0usize, false);
    let mut fast = !digits.is_empty() && digits.len() <= 16;
    if fast {
        for &b in digits {
            match b {
                b'0'..=b'9' => {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    count += 1;
                    fraction += usize::from(dot);
                }
                b'.' if !dot => dot = true,
                _ => {
                    fast = false;
                    break;
                }
            }
        }
    }
    // Digits on both sides of a dot (or no dot), at most 15 of them.
    let whole = count - fraction;
    if fast && count <= 15 && whole > 0 && (!dot || fraction > 0) {
        // Through i64 (one instruction; the mantissa is below 10¹⁵, so the value is the same).
        let v = mantissa as i64 as f64 / EXACT_POWERS[fraction];
        return Some(if negative { -v } else { v });
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_standard_parser_bit_for_bit() {
        let mut cases: Vec<String> = [
            "0",
            "1",
            "-0",
            "-0.0",
            "+2.5",
            "0.1",
            "0.3535",
            "123456789012345",
            "1234567890.12345",
            "1.",
            ".5",
            "1e5",
            "inf",
            "-inf",
            "nan",
            "",
            "-",
            "1.2.3",
            "0x10",
            " 1",
            "1 ",
            "9007199254740993",
            "0.000000000000001",
            "99999999999999.9",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Seeded random decimals of every length and number of decimals the fast path takes.
        let mut x: u64 = 42;
        for _ in 0..200_000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let digits = 1 + (x >> 60) as usize; // 1..=16
            let mut s = String::new();
            if (x >> 10) & 1 == 1 {
                s.push('-');
            }
            let mut y = x;
            for i in 0..digits {
                y = y.wrapping_mul(2862933555777941757).wrapping_add(3037000493);
                s.push((b'0' + (y >> 59) as u8 % 10) as char);
                if i + 1 == (x >> 40) as usize % (digits + 1) && i + 1 < digits {
                    s.push('.');
                }
            }
            cases.push(s);
        }
        for c in &cases {
            let want: Option<f64> = c.parse().ok();
            let got = parse_f64(c);
            assert_eq!(
                got.map(f64::to_bits),
                want.map(f64::to_bits),
                "{c:?}: {got:?} vs {want:?}"
            );
        }
    }
}
