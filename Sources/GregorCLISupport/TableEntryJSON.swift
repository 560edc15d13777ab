import GregorProtocol

/// Formats table entries for `gregor table --format jsonl`.
///
/// A plain table prints `{"key":…,"value":…}` per key, a grouped one
/// `{"group":…,"member":…,"value":…}`. Keys and values are the UTF-8 text when valid; otherwise the
/// field is absent and `key_base64`/`value_base64` holds standard base64 (as in `gregor consume`).
/// With `--follow`, a removed key prints with `"value":null`.
public enum TableEntryJSON {
    /// Appends one plain entry and a newline; `value` `nil` means the key was removed.
    public static func appendLine(key: [UInt8], value: [UInt8]?, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        key.withUnsafeBytes { appendBinaryField("key", $0, first: true, to: &output) }
        appendValue(value, to: &output)
        output.append(contentsOf: "}\n".utf8)
    }

    /// Appends one grouped entry and a newline; `value` `nil` means the member was removed.
    public static func appendLine(group: String, member: String, value: [UInt8]?, to output: inout [UInt8]) {
        output.append(contentsOf: #"{"group":"#.utf8)
        JSONText.appendString(group, to: &output)
        output.append(contentsOf: #","member":"#.utf8)
        JSONText.appendString(member, to: &output)
        appendValue(value, to: &output)
        output.append(contentsOf: "}\n".utf8)
    }

    private static func appendValue(_ value: [UInt8]?, to output: inout [UInt8]) {
        guard let value else {
            output.append(contentsOf: #","value":null"#.utf8)
            return
        }
        value.withUnsafeBytes { appendBinaryField("value", $0, first: false, to: &output) }
    }

    private static func appendBinaryField(_ name: String, _ bytes: UnsafeRawBufferPointer, first: Bool, to output: inout [UInt8]) {
        if !first { output.append(UInt8(ascii: ",")) }
        output.append(UInt8(ascii: "\""))
        output.append(contentsOf: name.utf8)
        if isValidUTF8(bytes) {
            output.append(contentsOf: #"":"#.utf8)
            JSONText.appendString(bytes, to: &output)
        } else {
            output.append(contentsOf: #"_base64":""#.utf8)
            Base64.append(bytes, to: &output)
            output.append(UInt8(ascii: "\""))
        }
    }
}

/// Formats table entries for `gregor table --format table`: key (or group and member) columns as
/// wide as their longest entry, then the value; bytes rendered as in `gregor consume`.
public struct TableEntryText: Sendable {
    /// Width of the first column (key, or group).
    public let firstWidth: Int
    /// Width of the member column (grouped tables only).
    public let memberWidth: Int?

    /// Column widths fitting `keys` (capped at `maximumWidth`).
    public init(keys: [[UInt8]], maximumWidth: Int = 40) {
        let widest = keys.map { key in key.withUnsafeBytes { DisplayText.render($0).count } }.max() ?? 0
        firstWidth = min(max(3, widest), maximumWidth)
        memberWidth = nil
    }

    /// Column widths fitting `groups` and `members` (capped at `maximumWidth`).
    public init(groups: [String], members: [String], maximumWidth: Int = 40) {
        firstWidth = min(max(5, groups.map { DisplayText.escapeControls($0).count }.max() ?? 0), maximumWidth)
        memberWidth = min(max(6, members.map { DisplayText.escapeControls($0).count }.max() ?? 0), maximumWidth)
    }

    /// The header line.
    public var header: String {
        if let memberWidth {
            return DisplayText.padRight("GROUP", firstWidth) + "  " + DisplayText.padRight("MEMBER", memberWidth) + "  VALUE"
        }
        return DisplayText.padRight("KEY", firstWidth) + "  VALUE"
    }

    /// One plain entry (without newline); a removed key shows `(deleted)`.
    public func line(key: [UInt8], value: [UInt8]?) -> String {
        let keyText = key.withUnsafeBytes { DisplayText.render($0) }
        return cell(keyText, firstWidth) + "  " + render(value)
    }

    /// One grouped entry (without newline); a removed member shows `(deleted)`.
    public func line(group: String, member: String, value: [UInt8]?) -> String {
        cell(DisplayText.escapeControls(group), firstWidth) + "  " + cell(DisplayText.escapeControls(member), memberWidth ?? 6) + "  " + render(value)
    }

    private func cell(_ text: String, _ width: Int) -> String {
        DisplayText.padRight(DisplayText.truncate(text, width: width), width)
    }

    private func render(_ value: [UInt8]?) -> String {
        guard let value else { return "(deleted)" }
        return value.withUnsafeBytes { DisplayText.render($0) }
    }
}
