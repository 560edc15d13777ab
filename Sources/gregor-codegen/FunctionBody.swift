/// Emits the statements of one struct's `encode(into:version:)` or `init(from:version:)` and
/// remembers which version-dependent locals they use, so the prelude declares only those.
struct FunctionBody {
    let mapping: TypeMapping
    let structName: String
    let structs: [String: StructSpec]
    /// The versions in which this struct can appear (the message's, narrowed for nested structs).
    let within: VersionRange
    var code = CodeWriter()
    private(set) var usesFlexible = false
    private(set) var usesStringLength = false
    private(set) var usesBytesLength = false

    init(mapping: TypeMapping, structName: String, structs: [String: StructSpec], within: VersionRange) {
        self.mapping = mapping
        self.structName = structName
        self.structs = structs
        self.within = within
    }

    /// Whether `field` is on the wire at `version`, as a Swift condition.
    func presence(_ field: FieldSpec) -> VersionCondition {
        VersionCondition(field.versions, within: within)
    }

    /// Whether `field` may be null at `version`, knowing it is present.
    func nullability(_ field: FieldSpec) -> VersionCondition {
        guard mapping.isOptional(field) else { return .never }
        return VersionCondition(field.nullableVersions, within: field.versions.intersection(within))
    }

    var message: MessageSpec { mapping.message }

    /// The literal naming a field in errors: `PartitionData.Records`.
    func fieldLiteral(_ field: FieldSpec) -> String {
        SwiftNames.stringLiteral("\(structName).\(field.name)")
    }

    /// The flexible condition for the struct (message-wide), marking `flexible` as used.
    mutating func flexibleCondition() -> VersionCondition {
        let condition = VersionCondition(message.flexibleVersions, within: within)
        if case .expression = condition {
            usesFlexible = true
            return .expression("flexible")
        }
        return condition
    }

    /// The length encoding of a string field, as a Swift expression.
    mutating func stringKind(for field: FieldSpec) -> String {
        lengthKind(for: field, classic: ".int16", local: "stringLength")
    }

    /// The length encoding of a bytes, records or array field, as a Swift expression.
    mutating func bytesKind(for field: FieldSpec) -> String {
        lengthKind(for: field, classic: ".int32", local: "bytesLength")
    }

    private mutating func lengthKind(for field: FieldSpec, classic: String, local: String) -> String {
        if field.isTagged { return ".compact" }
        switch VersionCondition(mapping.flexibleVersions(of: field), within: field.versions.intersection(within)) {
        case .always: return ".compact"
        case .never: return classic
        case let .expression(condition):
            guard field.flexibleVersions == nil else {
                return "(\(condition) ? KafkaLengthEncoding.compact : \(classic))"
            }
            usesFlexible = true
            if local == "stringLength" { usesStringLength = true } else { usesBytesLength = true }
            return local
        }
    }

    /// The prelude declaring the locals the body uses.
    func prelude() -> CodeWriter {
        var writer = CodeWriter()
        if usesFlexible && !message.flexibleVersions.isEmpty {
            writer.line("let flexible = version >= \(message.flexibleVersions.low)")
        }
        if usesStringLength { writer.line("let stringLength: KafkaLengthEncoding = flexible ? .compact : .int16") }
        if usesBytesLength { writer.line("let bytesLength: KafkaLengthEncoding = flexible ? .compact : .int32") }
        return writer
    }
}
