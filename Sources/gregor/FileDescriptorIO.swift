import GregorCLISupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Low-level writes and reads on file descriptors (stdout, stderr, stdin).
enum FileDescriptorWriter {
    /// Writes every byte of `bytes` to `fd`, retrying partial writes and EINTR. Returns `false`
    /// when the descriptor is closed (EPIPE) or fails.
    @discardableResult
    static func writeAll(fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard var pointer = bytes.baseAddress else { return true }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(fd, pointer, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            pointer += written
            remaining -= written
        }
        return true
    }
}

/// Buffered stdout: collects output in memory and writes it in large chunks.
final class StandardOutput {
    /// The pending bytes; append to it, then call `flushIfNeeded()`.
    var buffer: [UInt8] = []
    private let threshold: Int

    /// A writer that flushes once `threshold` bytes are pending.
    init(threshold: Int = 1 << 16) {
        self.threshold = threshold
        buffer.reserveCapacity(threshold * 2)
    }

    /// Appends `line` and a newline.
    func writeLine(_ line: String) throws(CLIOutputClosed) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
        try flushIfNeeded()
    }

    /// Flushes when enough bytes are pending.
    func flushIfNeeded() throws(CLIOutputClosed) {
        if buffer.count >= threshold { try flush() }
    }

    /// Writes every pending byte to stdout.
    func flush() throws(CLIOutputClosed) {
        guard !buffer.isEmpty else { return }
        let ok = buffer.withUnsafeBytes { FileDescriptorWriter.writeAll(fd: 1, $0) }
        buffer.removeAll(keepingCapacity: true)
        guard ok else { throw CLIOutputClosed() }
    }
}

/// stdout was closed (for example `gregor consume … | head`): stop quietly.
struct CLIOutputClosed: Error {}

/// Reads stdin in large chunks.
enum StandardInput {
    /// Calls `body` with each chunk read from stdin until end of file.
    static func forEachChunk(size: Int = 1 << 16, _ body: (UnsafeRawBufferPointer) async throws -> Void) async throws {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { storage.deallocate() }
        while true {
            let count = read(0, storage.baseAddress, size)
            if count < 0 {
                if errno == EINTR { continue }
                throw errnoError("reading stdin")
            }
            if count == 0 { return }
            try await body(UnsafeRawBufferPointer(rebasing: storage[0..<count]))
        }
    }
}

/// A `CLIError` describing the current `errno`.
func errnoError(_ what: String) -> CLIError {
    let code = errno
    let text = strerror(code).map { String(cString: $0) } ?? "errno \(code)"
    return CLIError("\(what): \(text)")
}
