import Foundation
import Synchronization

/// Reads lines from a pipe on a background thread; `nextLine(deadline:)` waits for the next one.
final class LineReader: Sendable {
    private struct State {
        var lines: [String] = []
        var finished = false
    }

    private let state = Mutex(State())
    private let signal = DispatchSemaphore(value: 0)

    /// Starts reading `handle` until end of file.
    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            var pending = Data()
            while true {
                let chunk = handle.availableData  // blocks; empty at end of file
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    state.withLock { $0.lines.append(line) }
                    signal.signal()
                }
            }
            state.withLock { $0.finished = true }
            signal.signal()
        }
    }

    /// The next complete line, or `nil` at end of file or when the deadline passes.
    func nextLine(deadline: Date) -> String? {
        while true {
            let (line, finished): (String?, Bool) = state.withLock { state in
                state.lines.isEmpty ? (nil, state.finished) : (state.lines.removeFirst(), false)
            }
            if let line { return line }
            if finished {
                signal.signal()  // keep end of file visible to later callers
                return nil
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0, signal.wait(timeout: .now() + remaining) == .success else {
                return state.withLock { $0.lines.isEmpty ? nil : $0.lines.removeFirst() }
            }
        }
    }
}

/// Drains a pipe on a background thread, keeping its last `limit` bytes (a full pipe would block the
/// writer).
final class OutputTail: Sendable {
    private let buffer = Mutex(Data())
    private let limit: Int
    /// Signalled once the drained handle reached end of file.
    private let ended = DispatchSemaphore(value: 0)

    /// Keeps at most `limit` bytes.
    init(limit: Int) {
        self.limit = limit
    }

    /// Starts draining `handle` until end of file.
    func drain(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.withLock { data in
                    data.append(chunk)
                    if data.count > limit { data.removeFirst(data.count - limit) }
                }
            }
            ended.signal()
        }
    }

    /// Waits until the drain reached end of file (the writer exited and closed the pipe), at most
    /// `seconds`: a process's last words may still be in the pipe when its exit is seen.
    @discardableResult
    func waitForEnd(seconds: Double) -> Bool {
        guard ended.wait(timeout: .now() + seconds) == .success else { return false }
        ended.signal()  // later waits return at once
        return true
    }

    /// What was kept, as text.
    var text: String { String(decoding: buffer.withLock { $0 }, as: UTF8.self) }
}
