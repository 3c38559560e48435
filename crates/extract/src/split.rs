//! The fixed split of ACLED rows into what the type classifier learns from
//! (two thirds) and what it is measured on (one third), by a hash of the
//! row's `event_id_cnty`. Shared with `build.rs`, which trains on the rows
//! this puts outside the evaluation third; it uses nothing but `std`.

/// FNV-1a, 64 bit: stable across platforms and releases.
pub fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Whether the row with this event id is in the evaluation third.
pub fn is_evaluation(event_id: &str) -> bool {
    fnv1a(event_id.trim()).is_multiple_of(3)
}
