//! Helpers for encoders: length fields are reserved first and back-filled, so encoding a valid
//! value never fails and never needs a second pass.

/// Reserves a 2-octet length field; returns its position for [`backfill_u16`].
pub fn reserve_u16(out: &mut Vec<u8>) -> usize {
    let at = out.len();
    out.extend_from_slice(&[0, 0]);
    at
}

/// Writes into the field reserved at `at` the number of bytes written after it.
pub fn backfill_u16(out: &mut [u8], at: usize) {
    let length = out.len() - at - 2;
    debug_assert!(length <= usize::from(u16::MAX), "length field overflow");
    out[at..at + 2].copy_from_slice(&(length as u16).to_be_bytes());
}

/// Reserves a 1-octet length field; returns its position for [`backfill_u8`].
pub fn reserve_u8(out: &mut Vec<u8>) -> usize {
    out.push(0);
    out.len() - 1
}

/// Writes into the field reserved at `at` the number of bytes written after it.
pub fn backfill_u8(out: &mut [u8], at: usize) {
    let length = out.len() - at - 1;
    debug_assert!(length <= usize::from(u8::MAX), "length field overflow");
    out[at] = length as u8;
}
