/// A failure of the test support itself (a broker that did not start, a peer script that failed),
/// with the output needed to see why.
struct TestSupportError: Error, CustomStringConvertible {
    /// What went wrong, including the relevant script or process output.
    let message: String

    /// Creates an error with a message.
    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
