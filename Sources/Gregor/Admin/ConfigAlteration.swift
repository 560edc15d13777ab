/// One change of an incremental config update (IncrementalAlterConfigs).
public enum ConfigAlteration: Sendable, Hashable, CustomStringConvertible {
    /// Set `name` to `value` (operation SET).
    case set(name: String, value: String)
    /// Remove `name`, reverting to its default (operation DELETE).
    case delete(name: String)
    /// Add `value` to the list config `name` (operation APPEND).
    case append(name: String, value: String)
    /// Remove `value` from the list config `name` (operation SUBTRACT).
    case subtract(name: String, value: String)

    /// The config name.
    public var name: String {
        switch self {
        case .set(let name, _), .delete(let name), .append(let name, _), .subtract(let name, _): name
        }
    }

    /// The value sent with the change (`nil` for DELETE).
    public var value: String? {
        switch self {
        case .set(_, let value), .append(_, let value), .subtract(_, let value): value
        case .delete: nil
        }
    }

    /// Kafka's operation code: SET 0, DELETE 1, APPEND 2, SUBTRACT 3.
    public var operationCode: Int8 {
        switch self {
        case .set: 0
        case .delete: 1
        case .append: 2
        case .subtract: 3
        }
    }

    /// The operation and the name (values are left out: they may be secrets).
    public var description: String {
        switch self {
        case .set(let name, _): "SET \(name)"
        case .delete(let name): "DELETE \(name)"
        case .append(let name, _): "APPEND \(name)"
        case .subtract(let name, _): "SUBTRACT \(name)"
        }
    }
}
