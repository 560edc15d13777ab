/// The 32-bit hash of a key that `FlatEntries` places entries by, never 0 (`FlatEntries` marks
/// empty slots with 0).
///
/// Keys come from producers, so the hash must not let anyone choose keys that collide: it is keyed
/// by three 64-bit secrets drawn at random once per process (`KeyTagSecrets`), and tags never leave
/// the process. It reads eight bytes at a time and mixes with a folded multiply (the 128-bit
/// product's halves xored), which for the replay's short keys is about a quarter of the cost of
/// SipHash through `Hasher`, the hash's largest cost before. Unlike SipHash it has no security
/// proof; a random key per process is the same defence Swift's own `Hasher` relies on.
func keyTag(_ key: UnsafeRawBufferPointer) -> UInt32 {
    let secrets = KeyTagSecrets.process
    let count = key.count
    var state = secrets.first ^ UInt64(truncatingIfNeeded: count)
    var index = 0
    // Each 16 bytes but the last 1–16 fold into the running state, so order matters.
    while count - index > 16 {
        let low = key.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        let high = key.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
        state = foldedMultiply(low ^ secrets.second, high ^ state)
        index += 16
    }
    // The last 1–16 bytes as two words that may overlap; the count in `state` tells the overlaps
    // of different lengths apart.
    let rest = count - index
    var low: UInt64 = 0
    var high: UInt64 = 0
    if rest >= 8 {
        low = key.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        high = key.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    } else if rest >= 4 {
        low = UInt64(key.loadUnaligned(fromByteOffset: index, as: UInt32.self))
        high = UInt64(key.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
    } else if rest > 0 {
        low = UInt64(key[index]) << 16 | UInt64(key[index + rest / 2]) << 8 | UInt64(key[count - 1])
    }
    state = foldedMultiply(low ^ secrets.second, high ^ state)
    state = foldedMultiply(state ^ secrets.third, UInt64(truncatingIfNeeded: count) ^ secrets.first)
    let tag = UInt32(truncatingIfNeeded: state ^ (state >> 32))
    return tag == 0 ? 1 : tag
}

/// The 128-bit product of `a` and `b`, its high and low halves xored: every input bit reaches
/// many output bits in one multiply.
@inline(__always)
private func foldedMultiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let (high, low) = a.multipliedFullWidth(by: b)
    return high ^ low
}

/// The secrets `keyTag` is keyed by: random, drawn once per process, never exposed.
struct KeyTagSecrets: Sendable {
    let first: UInt64
    let second: UInt64
    let third: UInt64

    static let process: KeyTagSecrets = {
        var generator = SystemRandomNumberGenerator()
        return KeyTagSecrets(first: generator.next(), second: generator.next(), third: generator.next())
    }()
}
