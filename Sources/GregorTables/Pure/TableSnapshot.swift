import HashTreeCollections

/// An immutable view of a table's contents at one moment.
///
/// Taking a snapshot is O(1): it shares the table's persistent map, and later updates copy only
/// the paths they change. A snapshot never changes, so it can be read from any thread while the
/// table moves on.
public struct TableSnapshot<Key: Hashable & Sendable, Value: Sendable>: Sendable, Sequence {
    /// The persistent map behind the snapshot.
    public let dictionary: TreeDictionary<Key, Value>

    /// A snapshot of `dictionary`.
    public init(_ dictionary: TreeDictionary<Key, Value> = [:]) {
        self.dictionary = dictionary
    }

    /// The value for `key`, or `nil` when the key is absent.
    public subscript(key: Key) -> Value? { dictionary[key] }

    /// Whether `key` has a value.
    public func contains(_ key: Key) -> Bool { dictionary[key] != nil }

    /// The number of keys.
    public var count: Int { dictionary.count }

    /// Whether there are no keys.
    public var isEmpty: Bool { dictionary.isEmpty }

    /// The keys, in the map's (unspecified, stable for this snapshot) order.
    public var keys: TreeDictionary<Key, Value>.Keys { dictionary.keys }

    /// The values, in the same order as `keys`.
    public var values: TreeDictionary<Key, Value>.Values { dictionary.values }

    /// Iterates over `(key, value)` pairs in the map's order.
    public func makeIterator() -> TreeDictionary<Key, Value>.Iterator { dictionary.makeIterator() }

    /// The number of keys, so `Array(snapshot)` allocates once.
    public var underestimatedCount: Int { dictionary.count }
}

extension TableSnapshot: Equatable where Value: Equatable {}
