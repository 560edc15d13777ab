/// Accumulates indented lines of Swift.
struct CodeWriter {
    private(set) var lines: [String] = []
    private var depth = 0

    /// Appends a line at the current indentation (an empty string appends an empty line).
    mutating func line(_ text: String) {
        lines.append(text.isEmpty ? "" : String(repeating: "    ", count: depth) + text)
    }

    /// Appends `header {`, the body one level deeper, then `}`.
    mutating func block(_ header: String, _ body: (inout CodeWriter) throws -> Void) rethrows {
        line(header + " {")
        depth += 1
        try body(&self)
        depth -= 1
        line("}")
    }

    /// Appends lines already indented relative to the current level.
    mutating func append(_ other: CodeWriter) {
        for text in other.lines { line(text) }
    }

    /// The text, ending with a newline.
    var text: String { lines.joined(separator: "\n") + "\n" }
}
