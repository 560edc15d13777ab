/// An owned record header, for encoding and for copying headers out of a `MessageBatch`.
public struct RecordHeader: Sendable, Hashable {
    /// The header key (UTF-8).
    public var key: String
    /// The header value; `nil` is a null value, distinct from empty.
    public var value: [UInt8]?

    /// Creates a header.
    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }
}
