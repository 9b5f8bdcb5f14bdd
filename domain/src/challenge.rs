//! The public request form's challenge: a small proof of work. The server
//! hands out a random, single-use challenge; the customer's browser finds a
//! nonce whose SHA-256 of `"{challenge}:{nonce}"` starts with
//! [`DIFFICULTY_BITS`] zero bits (about 16,000 tries, a fraction of a
//! second on a phone), and sends both with the request. A person never sees
//! it; a script posting thousands of requests pays for each.

/// Zero bits the hash must start with.
pub const DIFFICULTY_BITS: u32 = 14;

/// How long a challenge stays valid, in seconds.
pub const VALID_SECONDS: u64 = 600;

/// The text whose hash must start with zero bits.
pub fn message(challenge: &str, nonce: &str) -> String {
    format!("{challenge}:{nonce}")
}

/// How many zero bits `hash` starts with.
pub fn leading_zero_bits(hash: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        if *byte == 0 {
            bits += 8;
        } else {
            return bits + byte.leading_zeros();
        }
    }
    bits
}

/// Whether `hash` solves a challenge of `difficulty` bits.
pub fn solves(hash: &[u8], difficulty: u32) -> bool {
    leading_zero_bits(hash) >= difficulty
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_bits_are_counted_across_bytes() {
        assert_eq!(leading_zero_bits(&[0x00, 0x00, 0x01, 0xff]), 23);
        assert_eq!(leading_zero_bits(&[0x80]), 0);
        assert_eq!(leading_zero_bits(&[0x00, 0x3f]), 10);
        assert!(solves(&[0x00, 0x03, 0xff], 14));
        assert!(!solves(&[0x00, 0x04, 0x00], 14));
        assert_eq!(message("abc", "42"), "abc:42");
    }
}
