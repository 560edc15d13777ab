/// The headers of one record, as a borrowed view into the batch bytes.
///
/// Valid only during the `RecordSink` callback that receives it: the bytes belong to the fetch
/// response (or to the decompression buffer) and are reused afterwards. Iterating decodes each
/// header lazily; nothing is allocated. The decoder has validated the bytes before handing out
/// the view.
public struct RecordHeaders: Sequence {
    /// Number of headers.
    public let count: Int
    @usableFromInline let start: UnsafeRawPointer?
    @usableFromInline let end: UnsafeRawPointer?

    /// A view over `count` validated headers stored between `start` and `end`.
    @inlinable
    init(count: Int, start: UnsafeRawPointer?, end: UnsafeRawPointer?) {
        self.count = count
        self.start = start
        self.end = end
    }

    /// No headers.
    @inlinable
    public static var empty: RecordHeaders { RecordHeaders(count: 0, start: nil, end: nil) }

    /// Whether the record has no headers.
    @inlinable
    public var isEmpty: Bool { count == 0 }

    /// Returns an iterator over the headers.
    @inlinable
    public func makeIterator() -> Iterator {
        guard let start, let end else {
            return Iterator(cursor: nil, remaining: 0)
        }
        return Iterator(cursor: RecordCursor(position: start, end: end), remaining: count)
    }

    /// Iterates the headers of a record in wire order.
    public struct Iterator: IteratorProtocol {
        @usableFromInline var cursor: RecordCursor?
        @usableFromInline var remaining: Int

        @inlinable
        init(cursor: RecordCursor?, remaining: Int) {
            self.cursor = cursor
            self.remaining = remaining
        }

        /// The next header, or `nil` after the last.
        @inlinable
        public mutating func next() -> RecordHeaderView? {
            guard remaining > 0, var reader = cursor else { return nil }
            remaining -= 1
            // The decoder validated these bytes; a failure here cannot happen but ends iteration.
            guard let keyLength = reader.readVarint(), keyLength >= 0,
                  let keyStart = reader.take(Int(keyLength)),
                  let valueLength = reader.readVarint(), valueLength >= -1
            else {
                remaining = 0
                return nil
            }
            var value: UnsafeRawBufferPointer? = nil
            if valueLength >= 0 {
                guard let valueStart = reader.take(Int(valueLength)) else {
                    remaining = 0
                    return nil
                }
                value = UnsafeRawBufferPointer(start: valueStart, count: Int(valueLength))
            }
            cursor = reader
            return RecordHeaderView(key: UnsafeRawBufferPointer(start: keyStart, count: Int(keyLength)), value: value)
        }
    }
}

/// One record header as borrowed bytes (see `RecordHeaders` for the lifetime).
public struct RecordHeaderView {
    /// The header key: UTF-8 by Kafka's definition, handed over as raw bytes.
    public let key: UnsafeRawBufferPointer
    /// The header value; `nil` when the value is null (distinct from empty).
    public let value: UnsafeRawBufferPointer?

    /// A header over the given bytes.
    @inlinable
    public init(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer?) {
        self.key = key
        self.value = value
    }

    /// The key decoded as a String (allocates; invalid UTF-8 is repaired with U+FFFD).
    public var keyString: String { String(decoding: key, as: UTF8.self) }
}
