import Foundation

/// Swift spellings of spec names.
enum SwiftNames {
    /// Swift keywords that need backticks as identifiers.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "as", "false", "is", "nil", "self", "super", "throws", "true",
        "try", "any", "some", "await", "async", "consume", "borrowing", "consuming", "copy", "discard", "each",
    ]

    /// lowerCamelCase of a spec name: `TopicId` -> `topicId`, `ISRNodes` -> `isrNodes`, `ID` -> `id`.
    static func property(_ name: String) -> String {
        let characters = Array(name)
        var upperRun = 0
        while upperRun < characters.count, characters[upperRun].isUppercase { upperRun += 1 }
        let lowered: Int
        if upperRun <= 1 || upperRun == characters.count {
            lowered = max(upperRun, 1)
        } else {
            lowered = upperRun - 1  // keep the capital that starts the next word
        }
        let head = String(characters.prefix(lowered)).lowercased()
        return head + String(characters.dropFirst(lowered))
    }

    /// The identifier as written in declarations and after `self.` (backticked when a keyword).
    static func identifier(_ name: String) -> String {
        let property = property(name)
        return keywords.contains(property) ? "`\(property)`" : property
    }

    /// A Swift string literal holding `text`.
    static func stringLiteral(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// A one-line doc comment text (newlines folded, trailing spaces removed).
    static func docText(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }
}
