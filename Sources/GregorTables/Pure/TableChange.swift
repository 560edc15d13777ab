/// One change a record made to a table, as delivered to `updates()` subscribers.
public enum TableChange<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The key now has this value (it may have had another, or the same, before).
    case set(key: Key, value: Value)
    /// A tombstone removed the key, which had `previous` until then.
    case deleted(key: Key, previous: Value)

    /// The key the change is about.
    public var key: Key {
        switch self {
        case .set(let key, _), .deleted(let key, _): key
        }
    }
}

extension TableChange: Equatable where Value: Equatable {}
