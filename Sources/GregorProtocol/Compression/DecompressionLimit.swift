/// The most bytes one decompression call may produce, clamped to a sane range so that
/// `bytes + 1` never overflows.
struct DecompressionLimit {
    /// The limit in bytes (0 when a negative limit was given).
    let bytes: Int

    init(_ limit: Int) {
        self.bytes = min(max(limit, 0), Int.max / 4)
    }
}
