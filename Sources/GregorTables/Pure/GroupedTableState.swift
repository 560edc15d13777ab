import HashTreeCollections

/// The nested map of a grouped table, `group → member → value`, built from flat records whose
/// keys are `GroupedKey`s. No I/O.
///
/// Rules: those of `TableState`, with the key decoded as strict UTF-8 (a failure counts in
/// `keyDecodeErrors`) and then as a `GroupedKey` (a foreign key counts in `foreignKeys` and is
/// skipped before its value is looked at). A group exists while it has at least one member.
///
/// Unlike ktables, which keeps a foreign key's record in its flat map and counts it both as
/// applied and as foreign, a foreign key here is only counted as foreign: there is no flat map.
public struct GroupedTableState<Value: Sendable>: Sendable {
    /// The current contents, without empty groups.
    public var groups: TreeDictionary<String, TreeDictionary<String, Value>> { _groups }
    @usableFromInline var _groups: TreeDictionary<String, TreeDictionary<String, Value>> = [:]
    /// The number of members over all groups.
    public var memberCount: Int { _memberCount }
    @usableFromInline var _memberCount = 0
    /// Counters of applied and skipped records.
    public var stats: TableStats { _stats }
    @usableFromInline var _stats = TableStats()

    /// An empty grouped table.
    public init() {}

    /// Applies one record and returns what it changed, or `nil` when it changed nothing
    /// (skipped, or a tombstone for an absent member). The buffers are only read during the call.
    @inlinable
    public mutating func apply(
        key: UnsafeRawBufferPointer?,
        value: UnsafeRawBufferPointer?,
        valueCodec: TableCodec<Value>
    ) -> GroupedTableChange<Value>? {
        guard let key else {
            _stats.keylessRecords &+= 1
            return nil
        }
        guard let text = try? decodeStrictUTF8(key) else {
            _stats.keyDecodeErrors &+= 1
            return nil
        }
        guard let (group, member) = GroupedKey.decode(text) else {
            _stats.foreignKeys &+= 1
            return nil
        }
        guard let value else {
            _stats.tombstonesApplied &+= 1
            guard let previous = removeMember(member, in: group) else { return nil }
            return .deleted(group: group, member: member, previous: previous)
        }
        // do/catch, not `try?`: a codec may legitimately decode to an optional's `nil`.
        let decodedValue: Value
        do { decodedValue = try valueCodec.decode(value) } catch {
            _stats.valueDecodeErrors &+= 1
            return nil
        }
        if _groups[group, default: [:]].updateValue(decodedValue, forKey: member) == nil {
            _memberCount &+= 1
        }
        _stats.setsApplied &+= 1
        return .set(group: group, member: member, value: decodedValue)
    }

    /// Removes one member, and its group when it was the last; returns the removed value.
    @inlinable
    mutating func removeMember(_ member: String, in group: String) -> Value? {
        guard let previous = _groups[group]?.removeValue(forKey: member) else { return nil }
        _memberCount &-= 1
        if _groups[group]?.isEmpty == true { _groups[group] = nil }
        return previous
    }

    /// Empties the map for a rebuild (the topic was deleted and created again). Counters stay
    /// cumulative; `rebuilds` goes up by one. Snapshots taken before keep their contents.
    public mutating func removeAll() {
        _groups = [:]
        _memberCount = 0
        _stats.rebuilds &+= 1
    }

    /// Notes that the table caught up after `duration` (see `TableStats.recordCatchUp`).
    public mutating func recordCatchUp(after duration: Duration) {
        _stats.recordCatchUp(after: duration)
    }

    /// The contents now, as an immutable view (O(1)).
    public func snapshot() -> GroupedSnapshot<Value> {
        GroupedSnapshot(groups: _groups, memberCount: _memberCount)
    }

    /// The number of members over all groups (the `TableStore` count).
    public var count: Int { memberCount }
}
