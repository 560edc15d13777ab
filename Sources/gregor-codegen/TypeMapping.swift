import Foundation

/// Swift types, defaults and sizes of spec fields.
struct TypeMapping {
    let message: MessageSpec

    /// The Swift type of a non-optional value of `type`.
    func baseType(_ type: FieldType) -> String {
        switch type {
        case .bool: return "Bool"
        case .int8: return "Int8"
        case .int16: return "Int16"
        case .uint16: return "UInt16"
        case .int32: return "Int32"
        case .uint32: return "UInt32"
        case .int64: return "Int64"
        case .float64: return "Double"
        case .string: return "String"
        case .bytes, .records: return "ByteBuffer"
        case .uuid: return "KafkaUUID"
        case let .array(element): return "[\(baseType(element))]"
        case let .structure(name): return name
        }
    }

    /// Whether the property is optional: nullable in some generated version, or records.
    func isOptional(_ field: FieldSpec) -> Bool {
        field.type == .records || !field.nullableVersions.isEmpty
    }

    /// The property's Swift type.
    func swiftType(_ field: FieldSpec) throws -> String {
        if isOptional(field) {
            if case .structure = field.type {
                throw GeneratorError.invalidSpec("\(message.name): nullable struct field \(field.name) is not supported")
            }
            return baseType(field.type) + "?"
        }
        return baseType(field.type)
    }

    /// The Swift expression of the field's default.
    func defaultExpression(_ field: FieldSpec) throws -> String {
        let raw = field.defaultValue?.trimmingCharacters(in: .whitespaces)
        if isOptional(field) && (raw == "null" || (field.type == .records && raw == nil)) {
            return "nil"
        }
        if raw == "null" {
            throw GeneratorError.invalidSpec("\(message.name): \(field.name) defaults to null but is never nullable")
        }
        switch field.type {
        case .bool:
            guard let raw else { return "false" }
            guard raw == "true" || raw == "false" else { throw badDefault(field) }
            return raw
        case .int8, .int16, .uint16, .int32, .uint32, .int64:
            guard let raw, !raw.isEmpty else { return "0" }
            guard Self.isIntegerLiteral(raw) else { throw badDefault(field) }
            return raw
        case .float64:
            guard let raw, !raw.isEmpty else { return "0" }
            guard Double(raw) != nil else { throw badDefault(field) }
            return raw
        case .string:
            return SwiftNames.stringLiteral(raw ?? "")
        case .bytes, .records:
            guard raw == nil || raw == "" else { throw badDefault(field) }
            return "ByteBuffer()"
        case .uuid:
            guard raw == nil || raw == "" || raw == "AAAAAAAAAAAAAAAAAAAAAA" else { throw badDefault(field) }
            return "KafkaUUID.zero"
        case .array:
            guard raw == nil || raw == "" else { throw badDefault(field) }
            return "[]"
        case let .structure(name):
            guard raw == nil || raw == "" else { throw badDefault(field) }
            return "\(name)()"
        }
    }

    /// A Swift expression that is true when the property holds something other than its default.
    func nonDefaultCheck(_ field: FieldSpec, property: String) throws -> String {
        let defaultValue = try defaultExpression(field)
        if case .array = field.type, !isOptional(field) {
            return "!\(property).isEmpty"
        }
        return "\(property) != \(defaultValue)"
    }

    private func badDefault(_ field: FieldSpec) -> GeneratorError {
        .invalidSpec("\(message.name): unsupported default '\(field.defaultValue ?? "")' for \(field.name)")
    }

    private static func isIntegerLiteral(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("-") { body = body.dropFirst() }
        if body.hasPrefix("0x") || body.hasPrefix("0X") {
            return !body.dropFirst(2).isEmpty && body.dropFirst(2).allSatisfy(\.isHexDigit)
        }
        return !body.isEmpty && body.allSatisfy(\.isNumber)
    }

    // MARK: - Versions

    /// Whether the struct uses the flexible encoding at `version`.
    func isFlexible(_ version: Int) -> Bool { message.flexibleVersions.contains(version) }

    /// The flexible versions of a field (its override, else the message's).
    func flexibleVersions(of field: FieldSpec) -> VersionRange {
        field.flexibleVersions?.intersection(message.versions) ?? message.flexibleVersions
    }

    /// The versions where the field is an untagged part of the struct.
    func untaggedVersions(of field: FieldSpec) -> VersionRange {
        field.isTagged ? .none : field.versions
    }

    // MARK: - Sizes

    /// The fewest bytes a value of `type` takes at `version` (used to bound array counts).
    func minimumSize(of type: FieldType, version: Int, compact: Bool, structs: [String: StructSpec]) -> Int {
        switch type {
        case .bool, .int8: return 1
        case .int16, .uint16: return 2
        case .int32, .uint32: return 4
        case .int64, .float64: return 8
        case .uuid: return 16
        case .string: return compact ? 1 : 2
        case .bytes, .records, .array: return compact ? 1 : 4
        case let .structure(name):
            guard let spec = structs[name] else { return 1 }
            var total = isFlexible(version) ? 1 : 0
            for field in spec.fields where untaggedVersions(of: field).contains(version) {
                let fieldCompact = flexibleVersions(of: field).contains(version)
                total += minimumSize(of: field.type, version: version, compact: fieldCompact, structs: structs)
            }
            return total
        }
    }

    /// The fewest bytes an element of `field`'s array takes at any version where the field exists.
    func minimumElementSize(of field: FieldSpec, element: FieldType, structs: [String: StructSpec]) -> Int {
        var smallest = Int.max
        let range = field.versions
        for version in range.low...min(range.high, message.versions.high) {
            let compact = field.isTagged || flexibleVersions(of: field).contains(version)
            smallest = min(smallest, minimumSize(of: element, version: version, compact: compact, structs: structs))
        }
        return max(1, smallest == Int.max ? 1 : smallest)
    }
}
