/// One change a record made to a grouped table, as delivered to `updates()` subscribers.
public enum GroupedTableChange<Value: Sendable>: Sendable {
    /// The member of the group now has this value.
    case set(group: String, member: String, value: Value)
    /// A tombstone removed the member, which had `previous` until then. When it was the group's
    /// last member, the group is gone too.
    case deleted(group: String, member: String, previous: Value)

    /// The group the change is about.
    public var group: String {
        switch self {
        case .set(let group, _, _), .deleted(let group, _, _): group
        }
    }

    /// The member the change is about.
    public var member: String {
        switch self {
        case .set(_, let member, _), .deleted(_, let member, _): member
        }
    }
}

extension GroupedTableChange: Equatable where Value: Equatable {}
