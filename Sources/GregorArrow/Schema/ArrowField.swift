/// A named, typed column (or child) of an Arrow schema.
///
/// Names must not contain NUL characters (the C Data Interface passes them as C strings);
/// `ArrowTable` checks this, and Gregor's own schemas obey it. Fields carry no metadata.
public struct ArrowField: Sendable, Hashable, CustomStringConvertible {
    /// The field name.
    public var name: String
    /// The field type.
    public var type: ArrowType
    /// Whether the field may hold nulls.
    public var nullable: Bool

    /// Creates a field.
    public init(name: String, type: ArrowType, nullable: Bool) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }

    /// A compact rendering such as `topic: utf8 not null`, for messages.
    public var description: String {
        let typeText: String
        switch type {
        case .list(let element): typeText = "list<\(element)>"
        case .structure(let fields): typeText = "struct<\(fields.map(\.description).joined(separator: ", "))>"
        case .timestampMilliseconds(let timezone): typeText = "timestamp[ms, tz=\(timezone ?? "none")]"
        default: typeText = "\(type)"
        }
        return "\(name): \(typeText)\(nullable ? "" : " not null")"
    }
}

/// The schema of a record batch: its top-level fields in column order.
public struct ArrowRecordSchema: Sendable, Hashable, CustomStringConvertible {
    /// The columns, in order.
    public var fields: [ArrowField]

    /// Creates a schema.
    public init(fields: [ArrowField]) {
        self.fields = fields
    }

    /// The fields as `{name: type, ...}`, for messages.
    public var description: String {
        "{" + fields.map(\.description).joined(separator: ", ") + "}"
    }
}
