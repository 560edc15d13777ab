/// A field's wire type.
indirect enum FieldType: Equatable {
    case bool, int8, int16, uint16, int32, uint32, int64, float64, string, bytes, records, uuid
    case array(FieldType)
    case structure(String)

    /// Parses a spec type name such as `int32`, `[]string` or `[]PartitionData`.
    init(parsing name: String) throws {
        if name.hasPrefix("[]") {
            self = .array(try FieldType(parsing: String(name.dropFirst(2))))
            return
        }
        switch name {
        case "bool": self = .bool
        case "int8": self = .int8
        case "int16": self = .int16
        case "uint16": self = .uint16
        case "int32": self = .int32
        case "uint32": self = .uint32
        case "int64": self = .int64
        case "float64": self = .float64
        case "string": self = .string
        case "bytes": self = .bytes
        case "records": self = .records
        case "uuid": self = .uuid
        default:
            guard let first = name.first, first.isUppercase else {
                throw GeneratorError.invalidSpec("unknown type '\(name)'")
            }
            self = .structure(name)
        }
    }

    /// The struct name this type refers to, directly or as array elements.
    var structName: String? {
        switch self {
        case let .structure(name): return name
        case let .array(element): return element.structName
        default: return nil
        }
    }
}

/// One field of a message or struct, with its version ranges already clipped to the message's
/// supported versions.
struct FieldSpec {
    /// The spec name (`TopicId`).
    let name: String
    /// The wire type.
    let type: FieldType
    /// The versions in which the field is on the wire (untagged or tagged).
    let versions: VersionRange
    /// The versions in which the field may be null.
    let nullableVersions: VersionRange
    /// The versions in which the field is a tagged field, and its tag.
    let taggedVersions: VersionRange
    let tag: Int?
    /// The spec's default, as written (`"null"`, `"-1"`, `"0x7fffffff"`, `"true"`).
    let defaultValue: String?
    /// Whether a non-default value may be dropped silently at a version without the field.
    let ignorable: Bool
    /// The spec's description.
    let about: String?
    /// A per-field override of the flexible versions (RequestHeader's ClientId).
    let flexibleVersions: VersionRange?

    /// Whether the field is tagged in the versions where it exists.
    var isTagged: Bool { tag != nil }
}

/// A struct: the message itself or a nested/common struct.
struct StructSpec {
    /// The Swift type name.
    let name: String
    /// The description.
    let about: String?
    /// The fields in wire order.
    let fields: [FieldSpec]
}

/// A whole message file, resolved.
struct MessageSpec {
    /// The spec file's base name (`FetchRequest`).
    let name: String
    /// `request`, `response` or `header`.
    let kind: String
    /// The API key, absent for headers.
    let apiKey: Int?
    /// The generated versions.
    let versions: VersionRange
    /// The flexible versions, clipped to `versions`.
    let flexibleVersions: VersionRange
    /// The top-level struct.
    let root: StructSpec
    /// The nested and common structs in order of first use.
    let nestedStructs: [StructSpec]
}
