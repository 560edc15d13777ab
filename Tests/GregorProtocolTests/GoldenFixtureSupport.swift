import Foundation
import NIOCore
@testable import GregorProtocol

/// Access to Fixtures/golden (written by scripts/gen-golden-fixtures.py with kafka-python).
enum GoldenFixtures {
    /// The folder of the golden fixtures inside the test bundle.
    static func folder() throws -> URL {
        guard let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw GoldenFixtureError.missing("Fixtures")
        }
        return fixtures.appendingPathComponent("golden")
    }

    /// The bytes of `<name>.hex`.
    static func bytes(_ name: String) throws -> ByteBuffer {
        let url = try folder().appendingPathComponent(name + ".hex")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw GoldenFixtureError.missing(name + ".hex") }
        let hex = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard hex.count % 2 == 0 else { throw GoldenFixtureError.malformed(name) }
        var buffer = ByteBuffer()
        var index = 0
        while index < hex.count {
            guard let high = hexValue(hex[index]), let low = hexValue(hex[index + 1]) else {
                throw GoldenFixtureError.malformed(name)
            }
            buffer.writeInteger(high << 4 | low, as: UInt8.self)
            index += 2
        }
        return buffer
    }

    /// The parsed `<name>.json` (kafka-python's view of the fields).
    static func json(_ name: String) throws -> Any {
        let url = try folder().appendingPathComponent(name + ".json")
        let data = try Data(contentsOf: url)
        return try JSONSerialization.jsonObject(with: data)
    }

    /// Every body fixture: (api, kind, version), from the file names.
    static func bodyFixtures() throws -> [(api: String, kind: String, version: Int16)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder().path)
        var result: [(String, String, Int16)] = []
        for name in names.sorted() where name.hasSuffix(".hex") && !name.contains("header") {
            let stem = name.dropLast(4)
            guard let versionMark = stem.range(of: "-v", options: .backwards),
                  let version = Int16(stem[versionMark.upperBound...]) else { continue }
            let head = stem[..<versionMark.lowerBound]
            for kind in ["request", "response"] where head.hasSuffix("-" + kind) {
                result.append((String(head.dropLast(kind.count + 1)), kind, version))
            }
        }
        return result
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    /// Lowercase hex of a buffer's readable bytes.
    static func hex(_ buffer: ByteBuffer) -> String {
        buffer.readableBytesView.map { String(format: "%02x", $0) }.joined()
    }
}

enum GoldenFixtureError: Error {
    case missing(String)
    case malformed(String)
}

/// Compares a decoded Gregor value with kafka-python's JSON view of the same bytes, field by field,
/// through `Mirror` (property names are the lowerCamelCase of kafka-python's snake_case names).
struct GoldenValueComparator {
    /// kafka-python renames these fields (a patch in its Metadata and DescribeCluster classes).
    static let aliases: [String: [String]] = [
        "authorized_operations": ["clusterAuthorizedOperations", "topicAuthorizedOperations"],
    ]

    private(set) var differences: [String] = []

    mutating func compare(_ value: Any, _ json: Any, path: String) {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else {
                if !(json is NSNull) { differences.append("\(path): Gregor has nil, kafka-python \(json)") }
                return
            }
            compare(wrapped, json, path: path)
            return
        }
        switch value {
        case let bool as Bool:
            if (json as? Bool) != bool { differences.append("\(path): \(bool) vs \(json)") }
        case let number as any BinaryInteger:
            if Self.integer(json) != Int64(number) { differences.append("\(path): \(number) vs \(json)") }
        case let double as Double:
            if (json as? NSNumber)?.doubleValue != double { differences.append("\(path): \(double) vs \(json)") }
        case let string as String:
            if (json as? String) != string { differences.append("\(path): \"\(string)\" vs \(json)") }
        case let buffer as ByteBuffer:
            let expected = (json as? [String: Any])?["bytes"] as? String
            if expected != GoldenFixtures.hex(buffer) { differences.append("\(path): bytes \(GoldenFixtures.hex(buffer)) vs \(json)") }
        case let uuid as KafkaUUID:
            compareUUID(uuid, json, path: path)
        default:
            compareComposite(mirror, json, path: path)
        }
    }

    private mutating func compareUUID(_ uuid: KafkaUUID, _ json: Any, path: String) {
        if json is NSNull {
            if uuid != .zero { differences.append("\(path): \(uuid) vs null") }
            return
        }
        let hex = uuid.bytes.map { String(format: "%02x", $0) }.joined()
        let expected = (json as? String)?.replacingOccurrences(of: "-", with: "")
        if expected != hex { differences.append("\(path): uuid \(hex) vs \(json)") }
    }

    private mutating func compareComposite(_ mirror: Mirror, _ json: Any, path: String) {
        switch mirror.displayStyle {
        case .collection:
            guard let array = json as? [Any] else {
                differences.append("\(path): array vs \(json)")
                return
            }
            let items = Array(mirror.children)
            guard items.count == array.count else {
                differences.append("\(path): \(items.count) elements vs \(array.count)")
                return
            }
            for (index, item) in items.enumerated() {
                compare(item.value, array[index], path: "\(path)[\(index)]")
            }
        case .struct:
            // kafka-python leaves an unset tagged struct as None; Gregor holds the struct's defaults.
            if json is NSNull { return }
            guard let object = json as? [String: Any] else {
                differences.append("\(path): struct vs \(json)")
                return
            }
            var children: [String: Any] = [:]
            for child in mirror.children {
                if let label = child.label { children[label] = child.value }
            }
            for key in object.keys.sorted() {
                let candidates = [Self.camelCase(key)] + (Self.aliases[key] ?? [])
                guard let name = candidates.first(where: { children[$0] != nil }), let child = children[name] else {
                    differences.append("\(path).\(key): no such Gregor property")
                    continue
                }
                compare(child, object[key] ?? NSNull(), path: "\(path).\(name)")
            }
        default:
            differences.append("\(path): unexpected value \(mirror.subjectType)")
        }
    }

    static func camelCase(_ snake: String) -> String {
        let parts = snake.split(separator: "_")
        guard let first = parts.first else { return snake }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func integer(_ json: Any) -> Int64? {
        if let value = json as? Int { return Int64(value) }
        if let value = json as? Int64 { return value }
        if let number = json as? NSNumber { return number.int64Value }
        return nil
    }
}
