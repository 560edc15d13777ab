import Foundation

/// Reads Kafka's JSON message specs, which are JSON plus `//` line comments.
enum SpecLoader {
    /// Loads and parses `<folder>/<name>.json`.
    static func load(folder: URL, name: String) throws -> [String: Any] {
        let url = folder.appendingPathComponent("\(name).json")
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            throw GeneratorError.io("cannot read \(url.path)")
        }
        let json = stripLineComments(text)
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw GeneratorError.invalidSpec("\(name).json is not a JSON object after removing comments")
        }
        return object
    }

    /// Removes `//` comments up to the end of the line, leaving `//` inside string literals alone.
    static func stripLineComments(_ text: String) -> String {
        var output: [UInt8] = []
        let bytes = Array(text.utf8)
        output.reserveCapacity(bytes.count)
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                output.append(byte)
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    output.append(bytes[index + 1])
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
            } else if byte == UInt8(ascii: "\"") {
                inString = true
                output.append(byte)
                index += 1
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
