import Foundation

/// Turns a parsed JSON spec into a `MessageSpec`, clipping every version range to the
/// generated versions and dropping fields that no generated version carries.
struct SpecResolver {
    let fileName: String
    let versions: VersionRange
    private var commonStructs: [String: [String: Any]] = [:]
    private var nested: [StructSpec] = []
    private var nestedNames: Set<String> = []

    /// Swift names a nested struct must not take: they would shadow types the generated code uses.
    static let reservedTypeNames: Set<String> = [
        "Type", "Protocol", "Self", "Any", "String", "Bool", "Double", "Int8", "Int16", "Int32", "Int64",
        "UInt16", "UInt32", "ByteBuffer", "KafkaUUID", "Array", "Optional", "Never", "Sendable", "Hashable",
        "UnknownTaggedField", "KafkaEncodingError", "KafkaDecodingError", "KafkaLengthEncoding",
    ]

    /// Resolves `json` (the whole file) for `versions`.
    static func resolve(json: [String: Any], fileName: String, floor: Int?) throws -> MessageSpec {
        guard let validText = json["validVersions"] as? String else {
            throw GeneratorError.invalidSpec("\(fileName): no validVersions")
        }
        let valid = try VersionRange(parsing: validText)
        let low = max(valid.low, floor ?? valid.low)
        let versions = VersionRange(low: low, high: valid.high)
        guard !versions.isEmpty else { throw GeneratorError.invalidSpec("\(fileName): floor above the maximum") }
        let flexible = try VersionRange(parsing: json["flexibleVersions"] as? String ?? "none").intersection(versions)
        var resolver = SpecResolver(fileName: fileName, versions: versions)
        for common in json["commonStructs"] as? [[String: Any]] ?? [] {
            guard let name = common["name"] as? String else { throw GeneratorError.invalidSpec("\(fileName): unnamed common struct") }
            resolver.commonStructs[name] = common
        }
        let fields = try resolver.resolveFields(json["fields"] as? [[String: Any]] ?? [], owner: fileName)
        let kind = json["type"] as? String ?? ""
        let root = StructSpec(name: fileName, about: nil, fields: fields)
        return MessageSpec(
            name: fileName, kind: kind, apiKey: json["apiKey"] as? Int, versions: versions,
            flexibleVersions: flexible, root: root, nestedStructs: resolver.nested)
    }

    private mutating func resolveFields(_ list: [[String: Any]], owner: String) throws -> [FieldSpec] {
        var result: [FieldSpec] = []
        for json in list {
            guard let name = json["name"] as? String, let typeName = json["type"] as? String,
                  let versionText = json["versions"] as? String else {
                throw GeneratorError.invalidSpec("\(fileName): field in \(owner) lacks name, type or versions")
            }
            let fieldVersions = try VersionRange(parsing: versionText).intersection(versions)
            if fieldVersions.isEmpty { continue }
            let type = try FieldType(parsing: typeName)
            if let structName = type.structName {
                try registerStruct(named: structName, inline: json["fields"] as? [[String: Any]], about: json["about"] as? String)
            }
            let tagged = try VersionRange(parsing: json["taggedVersions"] as? String ?? "none").intersection(fieldVersions)
            let tag = json["tag"] as? Int
            if (tag == nil) != (json["taggedVersions"] == nil) {
                throw GeneratorError.invalidSpec("\(fileName): \(owner).\(name) has tag without taggedVersions or the reverse")
            }
            if tag != nil && tagged != fieldVersions {
                throw GeneratorError.invalidSpec("\(fileName): \(owner).\(name) is tagged in only some of its versions")
            }
            let nullable = try VersionRange(parsing: json["nullableVersions"] as? String ?? "none").intersection(fieldVersions)
            let defaultValue: String?
            switch json["default"] {
            case let text as String: defaultValue = text
            case let number as NSNumber:
                // Only numbers appear unquoted in the specs (InitProducerIdResponse's ProducerId: -1).
                defaultValue = number.stringValue
            case nil: defaultValue = nil
            default: throw GeneratorError.invalidSpec("\(fileName): \(owner).\(name) has an odd default")
            }
            let flexibleOverride = try (json["flexibleVersions"] as? String).map { try VersionRange(parsing: $0) }
            result.append(FieldSpec(
                name: name, type: type, versions: fieldVersions, nullableVersions: nullable,
                taggedVersions: tagged, tag: tag, defaultValue: defaultValue,
                ignorable: json["ignorable"] as? Bool ?? false, about: json["about"] as? String,
                flexibleVersions: flexibleOverride))
        }
        return result
    }

    private mutating func registerStruct(named name: String, inline: [[String: Any]]?, about: String?) throws {
        if nestedNames.contains(name) {
            if inline != nil && commonStructs[name] == nil {
                throw GeneratorError.invalidSpec("\(fileName): struct \(name) is defined twice")
            }
            return
        }
        if Self.reservedTypeNames.contains(name) || name == fileName {
            throw GeneratorError.invalidSpec("\(fileName): struct name \(name) clashes with a Swift or Gregor type")
        }
        let fieldsJSON: [[String: Any]]
        if let inline {
            fieldsJSON = inline
        } else if let common = commonStructs[name] {
            fieldsJSON = common["fields"] as? [[String: Any]] ?? []
        } else {
            throw GeneratorError.invalidSpec("\(fileName): unknown struct \(name)")
        }
        nestedNames.insert(name)
        let index = nested.count
        nested.append(StructSpec(name: name, about: about, fields: []))
        let fields = try resolveFields(fieldsJSON, owner: name)
        nested[index] = StructSpec(name: name, about: about, fields: fields)
    }
}
