import HashTreeCollections

/// An immutable view of a grouped table's contents at one moment; O(1) to take, like
/// `TableSnapshot`. Iterating yields each group with its members.
public struct GroupedSnapshot<Value: Sendable>: Sendable, Sequence {
    /// The persistent nested map behind the snapshot (no empty groups).
    public let dictionary: TreeDictionary<String, TreeDictionary<String, Value>>
    /// The number of members over all groups.
    public let memberCount: Int

    /// A snapshot of a nested map; `memberCount` must be the total number of members.
    init(groups: TreeDictionary<String, TreeDictionary<String, Value>>, memberCount: Int) {
        self.dictionary = groups
        self.memberCount = memberCount
    }

    /// An empty snapshot.
    public init() {
        self.init(groups: [:], memberCount: 0)
    }

    /// The value of one member, or `nil` when the group or the member is absent.
    public func member(_ member: String, in group: String) -> Value? {
        dictionary[group]?[member]
    }

    /// Whether the group has this member.
    public func containsMember(_ member: String, in group: String) -> Bool {
        dictionary[group]?[member] != nil
    }

    /// The members of one group as a snapshot of their own (empty when the group is absent); O(1).
    public func members(in group: String) -> TableSnapshot<String, Value> {
        TableSnapshot(dictionary[group] ?? [:])
    }

    /// The number of members of one group (0 when absent).
    public func memberCount(in group: String) -> Int {
        dictionary[group]?.count ?? 0
    }

    /// Whether the group has at least one member.
    public func containsGroup(_ group: String) -> Bool {
        dictionary[group] != nil
    }

    /// The groups that have members.
    public var groups: TreeDictionary<String, TreeDictionary<String, Value>>.Keys { dictionary.keys }

    /// The number of groups.
    public var groupCount: Int { dictionary.count }

    /// Whether there are no members at all.
    public var isEmpty: Bool { dictionary.isEmpty }

    /// Every member as a flat `(group, member, value)` list, in map order; O(n).
    public var allMembers: [(group: String, member: String, value: Value)] {
        var result: [(group: String, member: String, value: Value)] = []
        result.reserveCapacity(memberCount)
        for (group, members) in dictionary {
            for (member, value) in members { result.append((group, member, value)) }
        }
        return result
    }

    /// Iterates over `(group, members)` pairs in map order.
    public func makeIterator() -> Iterator { Iterator(base: dictionary.makeIterator()) }

    /// The iterator over groups, each with a snapshot of its members.
    public struct Iterator: IteratorProtocol {
        var base: TreeDictionary<String, TreeDictionary<String, Value>>.Iterator

        /// The next group and its members, or `nil` at the end.
        public mutating func next() -> (group: String, members: TableSnapshot<String, Value>)? {
            guard let (group, members) = base.next() else { return nil }
            return (group, TableSnapshot(members))
        }
    }
}

extension GroupedSnapshot: Equatable where Value: Equatable {}
