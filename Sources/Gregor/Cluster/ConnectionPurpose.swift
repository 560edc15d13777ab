/// Why a connection to a broker is used; each purpose gets its own connection per broker so that
/// metadata, offset and admin requests never wait behind a long-poll Fetch.
public enum ConnectionPurpose: Sendable, Hashable, CaseIterable {
    /// Produce and Fetch (including long polls).
    case data
    /// Metadata, ListOffsets, admin requests, barriers.
    case control
}
