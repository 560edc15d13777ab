import GregorProtocol

/// Record bytes made readable on one terminal line (for `--format table`).
public enum DisplayText {
    /// `bytes` as one line of text: valid UTF-8 with control characters escaped (`\n`, `\t`,
    /// `\xNN`), `(null)` for null, and `base64:…` for bytes that are not UTF-8.
    public static func render(_ bytes: UnsafeRawBufferPointer?) -> String {
        guard let bytes else { return "(null)" }
        guard isValidUTF8(bytes) else {
            var output = Array("base64:".utf8)
            Base64.append(bytes, to: &output)
            return String(decoding: output, as: UTF8.self)
        }
        return escapeControls(String(decoding: bytes, as: UTF8.self))
    }

    /// `text` with control characters escaped so it stays on one line.
    public static func escapeControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0..<0x20, 0x7F:
                let hex = String(scalar.value, radix: 16)
                output += "\\x" + (hex.count < 2 ? "0" : "") + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// `text` cut to at most `width` characters, ending in `…` when cut.
    public static func truncate(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        guard text.count > width else { return text }
        return String(text.prefix(width - 1)) + "…"
    }

    /// `text` padded with spaces on the right to `width` characters.
    public static func padRight(_ text: String, _ width: Int) -> String {
        let count = text.count
        return count >= width ? text : text + String(repeating: " ", count: width - count)
    }

    /// `text` padded with spaces on the left to `width` characters.
    public static func padLeft(_ text: String, _ width: Int) -> String {
        let count = text.count
        return count >= width ? text : String(repeating: " ", count: width - count) + text
    }
}
