/// An error of the `gregor` command line: a bad argument or a failed operation, as one line.
public struct CLIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The explanation shown after `gregor: error: `.
    public var message: String

    /// Creates an error with a one-line explanation.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// The single stderr line `gregor` prints for a failure: `gregor: error: <message>`.
///
/// Line breaks and other control characters inside `message` become spaces, so the output is
/// exactly one line whatever the underlying error's text looks like.
public func cliErrorLine(_ message: String) -> String {
    var flattened = ""
    flattened.unicodeScalars.reserveCapacity(message.unicodeScalars.count)
    var lastWasSpace = false
    for scalar in message.unicodeScalars {
        let isControl = scalar.value < 0x20 || scalar.value == 0x7F
        if isControl || scalar == " " {
            if !lastWasSpace { flattened.unicodeScalars.append(" ") }
            lastWasSpace = true
        } else {
            flattened.unicodeScalars.append(scalar)
            lastWasSpace = false
        }
    }
    let trimmed = flattened.trimmingSpaces()
    return "gregor: error: " + (trimmed.isEmpty ? "unknown error" : trimmed)
}

extension String {
    /// The string without leading and trailing spaces.
    func trimmingSpaces() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while scalars.first == " " { scalars = scalars.dropFirst() }
        while scalars.last == " " { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
