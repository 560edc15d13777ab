/// A `--config key=value` argument.
public struct ConfigArgument: Sendable, Hashable {
    /// The configuration name, e.g. `retention.ms`.
    public var name: String
    /// The value (may be empty; may contain `=`).
    public var value: String

    /// Creates an entry.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Parses `key=value`, splitting at the first `=`; the key must not be empty.
    public init(parsing text: String) throws(CLIError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw CLIError("--config '\(text)' is not key=value")
        }
        let name = String(text[..<equals])
        guard !name.isEmpty else { throw CLIError("--config '\(text)' has an empty key") }
        self.init(name: name, value: String(text[text.index(after: equals)...]))
    }
}
