/// Cuts a byte stream (stdin) into lines at `\n`, across arbitrary chunk boundaries.
///
/// Each line excludes its `\n`; a final line without `\n` is returned by `finish()`. A `\r` before
/// the `\n` is kept (the bytes are the record, unchanged).
public struct LineSplitter: Sendable {
    private var pending: [UInt8] = []

    /// A splitter with nothing buffered.
    public init() {}

    /// Feeds `chunk`; calls `line` for each complete line, in order.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, line: (ArraySlice<UInt8>) throws -> Void) rethrows {
        var start = 0
        let count = chunk.count
        var index = 0
        while index < count {
            if chunk[index] == UInt8(ascii: "\n") {
                if pending.isEmpty {
                    try line(Array(UnsafeRawBufferPointer(rebasing: chunk[start..<index]))[...])
                } else {
                    pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<index]))
                    try line(pending[...])
                    pending.removeAll(keepingCapacity: true)
                }
                start = index + 1
            }
            index += 1
        }
        if start < count {
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<count]))
        }
    }

    /// Ends the stream: calls `line` with the unterminated last line, if there is one.
    public mutating func finish(line: (ArraySlice<UInt8>) throws -> Void) rethrows {
        if !pending.isEmpty {
            try line(pending[...])
            pending.removeAll()
        }
    }
}
