/// Emits `encode(into:version:)` statements.
extension FunctionBody {
    /// Emits the encoding of every field of `spec`, tagged section included.
    mutating func emitEncode(_ spec: StructSpec) throws {
        for field in spec.fields where !field.isTagged {
            try emitEncodeUntagged(field)
        }
        try emitEncodeTagged(spec)
    }

    private mutating func emitEncodeUntagged(_ field: FieldSpec) throws {
        let property = "self." + SwiftNames.identifier(field.name)
        let presence = presence(field)
        var write = CodeWriter()
        try emitNullCheck(field, property: property, into: &write)
        try writeValue(field.type, value: property, optional: mapping.isOptional(field), buffer: "buffer",
                       field: field, depth: 0, into: &write)
        switch presence {
        case .always, .never:
            code.append(write)
        case let .expression(condition):
            code.line("if \(condition) {")
            code.append(indented(write))
            if field.ignorable {
                code.line("}")
            } else {
                code.line("} else if \(try mapping.nonDefaultCheck(field, property: property)) {")
                code.line("    throw .fieldNotSupported(field: \(fieldLiteral(field)), version: version)")
                code.line("}")
            }
        }
    }

    private mutating func emitEncodeTagged(_ spec: StructSpec) throws {
        let flexible = flexibleCondition()
        if flexible == .never { return }
        let tagged = spec.fields.filter(\.isTagged).sorted { ($0.tag ?? 0) < ($1.tag ?? 0) }
        if tagged.isEmpty {
            emitIfFlexible(flexible, "try buffer.writeTaggedFields(self.unknownTaggedFields)")
            return
        }
        code.line("var taggedFields = TaggedFieldsWriter()")
        for field in tagged {
            let property = "self." + SwiftNames.identifier(field.name)
            let presence = presence(field)
            var write = CodeWriter()
            write.line("var payload = ByteBuffer()")
            try emitNullCheck(field, property: property, into: &write)
            try writeValue(field.type, value: property, optional: mapping.isOptional(field), buffer: "payload",
                           field: field, depth: 0, into: &write)
            write.line("taggedFields.append(tag: \(field.tag ?? 0), payload: payload)")
            code.line("if \(try mapping.nonDefaultCheck(field, property: property)) {")
            switch presence {
            case .always, .never:
                code.append(indented(write))
            case let .expression(condition):
                code.line("    if \(condition) {")
                code.append(indented(indented(write)))
                if !field.ignorable {
                    code.line("    } else {")
                    code.line("        throw .fieldNotSupported(field: \(fieldLiteral(field)), version: version)")
                }
                code.line("    }")
            }
            code.line("}")
        }
        emitIfFlexible(flexible, "try taggedFields.write(into: &buffer, unknown: self.unknownTaggedFields)")
    }

    private mutating func emitIfFlexible(_ flexible: VersionCondition, _ statement: String) {
        if case let .expression(condition) = flexible {
            code.line("if \(condition) {")
            code.line("    " + statement)
            code.line("}")
        } else {
            code.line(statement)
        }
    }

    /// Throws `.nullNotAllowed` for a nil in a version where the field is not nullable.
    private mutating func emitNullCheck(_ field: FieldSpec, property: String, into writer: inout CodeWriter) throws {
        guard mapping.isOptional(field) else { return }
        let nullable = nullability(field)
        let check: String
        switch nullable {
        case .always: return
        case .never: check = "\(property) == nil"
        case .expression: check = "\(property) == nil && \(nullable.negatedExpression)"
        }
        writer.line("if \(check) {")
        writer.line("    throw .nullNotAllowed(field: \(fieldLiteral(field)), version: version)")
        writer.line("}")
    }

    /// Emits the writing of `value` (a Swift expression of the field's type).
    private mutating func writeValue(
        _ type: FieldType, value: String, optional: Bool, buffer: String, field spec: FieldSpec,
        depth: Int, into writer: inout CodeWriter
    ) throws {
        let field = fieldLiteral(spec)
        switch type {
        case .bool: writer.line("\(buffer).writeKafkaBool(\(value))")
        case .int8, .int16, .uint16, .int32, .uint32, .int64: writer.line("\(buffer).writeKafkaInteger(\(value))")
        case .float64: writer.line("\(buffer).writeKafkaFloat64(\(value))")
        case .uuid: writer.line("\(buffer).writeKafkaUUID(\(value))")
        case .string: writer.line("try \(buffer).writeKafkaString(\(value), \(stringKind(for: spec)), field: \(field))")
        case .bytes, .records: writer.line("try \(buffer).writeKafkaBytes(\(value), \(bytesKind(for: spec)), field: \(field))")
        case .structure:
            writer.line("try \(value).encode(into: &\(buffer), version: version)")
        case let .array(element):
            let item = depth == 0 ? "element" : "element\(depth)"
            var loop = CodeWriter()
            try writeValue(element, value: item, optional: false, buffer: buffer, field: spec,
                           depth: depth + 1, into: &loop)
            if optional {
                writer.line("try \(buffer).writeKafkaLength(\(value)?.count, \(bytesKind(for: spec)), field: \(field))")
                writer.line("if let items = \(value) {")
                writer.line("    for \(item) in items {")
                writer.append(indented(indented(loop)))
                writer.line("    }")
                writer.line("}")
            } else {
                writer.line("try \(buffer).writeKafkaLength(\(value).count, \(bytesKind(for: spec)), field: \(field))")
                writer.line("for \(item) in \(value) {")
                writer.append(indented(loop))
                writer.line("}")
            }
        }
    }
}

/// `writer`'s lines one level deeper.
func indented(_ writer: CodeWriter) -> CodeWriter {
    var result = CodeWriter()
    for line in writer.lines { result.line(line.isEmpty ? "" : "    " + line) }
    return result
}
