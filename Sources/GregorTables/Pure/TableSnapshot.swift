import HashTreeCollections

/// An immutable view of a table's contents at one moment.
///
/// Taking a snapshot is O(1): it shares the table's persistent map, and later updates copy only
/// the paths they change. A snapshot never changes, so it can be read from any thread while the
/// table moves on. A compact table's snapshot decodes keys, and values kept as bytes, as they are
/// read.
public struct TableSnapshot<Key: Hashable & Sendable, Value: Sendable>: Sendable, Sequence {
    private enum Contents: Sendable {
        case decoded(TreeDictionary<Key, Value>)
        case encoded(EncodedEntries, TableEntryCodecs<Key, Value>)
    }

    private let contents: Contents

    /// A snapshot of `dictionary`.
    public init(_ dictionary: TreeDictionary<Key, Value> = [:]) {
        contents = .decoded(dictionary)
    }

    init(encoded: EncodedEntries, codecs: TableEntryCodecs<Key, Value>) {
        contents = .encoded(encoded, codecs)
    }

    /// The value for `key`, or `nil` when the key is absent.
    public subscript(key: Key) -> Value? {
        switch contents {
        case .decoded(let dictionary): dictionary[key]
        case .encoded(let entries, let codecs): codecs.value(forKey: key, in: entries)
        }
    }

    /// Whether `key` has a value.
    public func contains(_ key: Key) -> Bool { self[key] != nil }

    /// The number of keys.
    public var count: Int {
        switch contents {
        case .decoded(let dictionary): dictionary.count
        case .encoded(let entries, _): entries.count
        }
    }

    /// Whether there are no keys.
    public var isEmpty: Bool { count == 0 }

    /// The keys, in the map's (unspecified, stable for this snapshot) order.
    public var keys: LazyMapSequence<TableSnapshot, Key> { lazy.map(\.key) }

    /// The values, in the same order as `keys`.
    public var values: LazyMapSequence<TableSnapshot, Value> { lazy.map(\.value) }

    /// Iterates over `(key, value)` pairs in the map's order.
    public func makeIterator() -> Iterator {
        switch contents {
        case .decoded(let dictionary): Iterator(source: .decoded(dictionary.makeIterator()))
        case .encoded(let entries, let codecs): Iterator(source: .encoded(EncodedEntries.Cursor(entries), codecs))
        }
    }

    /// The number of keys, so `Array(snapshot)` allocates once.
    public var underestimatedCount: Int { count }

    /// Iterates a snapshot's `(key, value)` pairs.
    public struct Iterator: IteratorProtocol {
        fileprivate enum Source {
            case decoded(TreeDictionary<Key, Value>.Iterator)
            case encoded(EncodedEntries.Cursor, TableEntryCodecs<Key, Value>)
        }

        fileprivate var source: Source

        /// The next pair, or `nil` at the end.
        public mutating func next() -> (key: Key, value: Value)? {
            switch source {
            case .decoded(var iterator):
                defer { source = .decoded(iterator) }
                return iterator.next()
            case .encoded(var iterator, let codecs):
                defer { source = .encoded(iterator, codecs) }
                while let entry = iterator.next() {
                    if let pair = codecs.decode(entry) { return pair }
                }
                return nil
            }
        }
    }
}

extension TableSnapshot: Equatable where Value: Equatable {
    /// Equal when both hold the same keys with equal values.
    public static func == (lhs: TableSnapshot, rhs: TableSnapshot) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.allSatisfy { rhs[$0.key] == $0.value }
    }
}
