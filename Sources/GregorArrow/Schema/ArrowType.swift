/// The Arrow data types Gregor exports.
public indirect enum ArrowType: Sendable, Hashable {
    /// Variable-length bytes with `Int32` offsets (`binary`).
    case binary
    /// Variable-length UTF-8 text with `Int32` offsets (`utf8`, pyarrow's `string`).
    case utf8
    /// Booleans, one bit per value.
    case bool
    /// Signed 32-bit integers.
    case int32
    /// Signed 64-bit integers.
    case int64
    /// Signed 64-bit milliseconds since the Unix epoch, in `timezone` (`nil`: no timezone).
    case timestampMilliseconds(timezone: String?)
    /// A list of `element` values with `Int32` offsets.
    case list(element: ArrowField)
    /// A struct of named child fields.
    case structure(fields: [ArrowField])

    /// The type's format string in the Arrow C Data Interface.
    public var formatString: String {
        switch self {
        case .binary: "z"
        case .utf8: "u"
        case .bool: "b"
        case .int32: "i"
        case .int64: "l"
        case .timestampMilliseconds(let timezone): "tsm:\(timezone ?? "")"
        case .list: "+l"
        case .structure: "+s"
        }
    }

    /// The child fields (the list element, the struct's fields; none for other types).
    public var children: [ArrowField] {
        switch self {
        case .list(let element): [element]
        case .structure(let fields): fields
        default: []
        }
    }

    /// How many buffers an array of this type has (validity first), per the Arrow columnar format.
    var bufferCount: Int {
        switch self {
        case .binary, .utf8: 3
        case .bool, .int32, .int64, .timestampMilliseconds, .list: 2
        case .structure: 1
        }
    }
}
