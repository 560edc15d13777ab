/// Emits `init(from:version:)` statements.
extension FunctionBody {
    /// Emits the decoding of every field of `spec`: untagged fields in wire order, tagged fields
    /// set to their defaults, then the tagged section.
    mutating func emitDecode(_ spec: StructSpec) throws {
        for field in spec.fields where !field.isTagged {
            try emitDecodeUntagged(field)
        }
        let flexible = flexibleCondition()
        let tagged = spec.fields.filter(\.isTagged).sorted { ($0.tag ?? 0) < ($1.tag ?? 0) }
        for field in tagged {
            code.line("self.\(SwiftNames.identifier(field.name)) = \(try mapping.defaultExpression(field))")
        }
        if flexible == .never { return }
        if tagged.isEmpty {
            switch flexible {
            case let .expression(condition):
                code.line("if \(condition) {")
                code.line("    self.unknownTaggedFields = try buffer.readTaggedFields(field: \(SwiftNames.stringLiteral(spec.name)))")
                code.line("} else {")
                code.line("    self.unknownTaggedFields = []")
                code.line("}")
            default:
                code.line("self.unknownTaggedFields = try buffer.readTaggedFields(field: \(SwiftNames.stringLiteral(spec.name)))")
            }
            return
        }
        code.line("self.unknownTaggedFields = []")
        var section = CodeWriter()
        let label = SwiftNames.stringLiteral("\(spec.name) tagged fields")
        section.line("let taggedCount = try buffer.readUnsignedVarint(field: \(label))")
        section.line("var previousTag: Int64 = -1")
        section.line("for _ in 0..<taggedCount {")
        section.line("    let header = try buffer.readTaggedFieldHeader(after: &previousTag, field: \(label))")
        section.line("    var payload = try buffer.readKafkaSlice(length: header.size, field: \(label))")
        section.line("    switch header.tag {")
        // The section is only read in flexible versions, so a tag's condition need only tell those apart.
        let flexibleRange = within.intersection(message.flexibleVersions)
        for field in tagged {
            switch VersionCondition(field.versions, within: flexibleRange) {
            case let .expression(condition): section.line("    case \(field.tag ?? 0) where \(condition):")
            default: section.line("    case \(field.tag ?? 0):")
            }
            var read = CodeWriter()
            try readValue(field, target: "self.\(SwiftNames.identifier(field.name))", buffer: "payload", into: &read)
            section.append(indented(indented(read)))
        }
        section.line("    default:")
        section.line("        self.unknownTaggedFields.append(UnknownTaggedField(tag: header.tag, data: payload))")
        section.line("    }")
        section.line("}")
        if case let .expression(condition) = flexible {
            code.line("if \(condition) {")
            code.append(indented(section))
            code.line("}")
        } else {
            code.append(section)
        }
    }

    private mutating func emitDecodeUntagged(_ field: FieldSpec) throws {
        let target = "self." + SwiftNames.identifier(field.name)
        var read = CodeWriter()
        try readValue(field, target: target, buffer: "buffer", into: &read)
        switch presence(field) {
        case .always, .never:
            code.append(read)
        case let .expression(condition):
            code.line("if \(condition) {")
            code.append(indented(read))
            code.line("} else {")
            code.line("    \(target) = \(try mapping.defaultExpression(field))")
            code.line("}")
        }
    }

    /// Emits statements that read the field from `buffer` into `target`.
    private mutating func readValue(
        _ field: FieldSpec, target: String, buffer: String, into writer: inout CodeWriter
    ) throws {
        let literal = fieldLiteral(field)
        let nullable = nullability(field)
        switch field.type {
        case .string, .bytes, .records:
            let kind = field.type == .string ? stringKind(for: field) : bytesKind(for: field)
            let noun = field.type == .string ? "String" : "Bytes"
            let nullableRead = "try \(buffer).readKafkaNullable\(noun)(\(kind), field: \(literal))"
            let plainRead = "try \(buffer).readKafka\(noun)(\(kind), field: \(literal))"
            switch nullable {
            case .always: writer.line("\(target) = \(nullableRead)")
            case .never: writer.line("\(target) = \(plainRead)")
            case let .expression(condition):
                writer.line("if \(condition) {")
                writer.line("    \(target) = \(nullableRead)")
                writer.line("} else {")
                writer.line("    \(target) = \(plainRead)")
                writer.line("}")
            }
        case let .array(element):
            let minimum = mapping.minimumElementSize(of: field, element: element, structs: structs)
            writer.line("if let count = try \(buffer).readKafkaLength(\(bytesKind(for: field)), field: \(literal), minimumElementSize: \(minimum)) {")
            writer.line("    var items: \(mapping.baseType(field.type)) = []")
            writer.line("    items.reserveCapacity(count)")
            writer.line("    for _ in 0..<count {")
            writer.line("        items.append(\(try elementRead(element, buffer: buffer, field: field)))")
            writer.line("    }")
            writer.line("    \(target) = items")
            writer.line("} else {")
            switch nullable {
            case .always: writer.line("    \(target) = nil")
            case .never: writer.line("    throw .unexpectedNull(field: \(literal))")
            case let .expression(condition):
                writer.line("    guard \(condition) else { throw .unexpectedNull(field: \(literal)) }")
                writer.line("    \(target) = nil")
            }
            writer.line("}")
        default:
            writer.line("\(target) = \(try elementRead(field.type, buffer: buffer, field: field))")
        }
    }

    /// A Swift expression reading one non-null value of `type`.
    private mutating func elementRead(_ type: FieldType, buffer: String, field: FieldSpec) throws -> String {
        let literal = fieldLiteral(field)
        switch type {
        case .bool: return "try \(buffer).readKafkaBool(field: \(literal))"
        case .int8, .int16, .uint16, .int32, .uint32, .int64:
            return "try \(buffer).readKafkaInteger(\(mapping.baseType(type)).self, field: \(literal))"
        case .float64: return "try \(buffer).readKafkaFloat64(field: \(literal))"
        case .uuid: return "try \(buffer).readKafkaUUID(field: \(literal))"
        case .string: return "try \(buffer).readKafkaString(\(stringKind(for: field)), field: \(literal))"
        case .bytes, .records: return "try \(buffer).readKafkaBytes(\(bytesKind(for: field)), field: \(literal))"
        case let .structure(name): return "try \(name)(from: &\(buffer), version: version)"
        case .array:
            throw GeneratorError.invalidSpec("\(message.name): arrays of arrays are not supported")
        }
    }
}
