import Foundation
import Gregor
import GregorStream
import Logging
import Synchronization

/// What a C caller's `gregor_stream *` points to: the stream and its last error message.
final class StreamHandle: Sendable {
    let stream: KafkaStream
    private let lastError = Mutex<CErrorText?>(nil)

    init(stream: KafkaStream) {
        self.stream = stream
    }

    /// Records `error` as this handle's last error.
    func fail(_ error: any Error) {
        let text = CErrorText(CErrorText.message(error))
        lastError.withLock { $0 = text }
    }

    /// The last error's text, valid until the next error or `gregor_stream_close`.
    var lastErrorPointer: UnsafePointer<CChar>? { lastError.withLock { $0?.pointer } }
}

/// An error message kept as a NUL-terminated C string.
final class CErrorText: Sendable {
    // Written once in init, freed in deinit, never mutated in between.
    nonisolated(unsafe) private let storage: UnsafeMutablePointer<CChar>?

    init(_ message: String) {
        storage = strdup(message)
    }

    deinit { free(storage) }

    /// The text (NULL when it could not be allocated).
    var pointer: UnsafePointer<CChar>? { storage.map { UnsafePointer($0) } }

    /// One line for `error`: a `KafkaError`'s description, else the error's.
    static func message(_ error: any Error) -> String {
        if let kafka = error as? KafkaError { return kafka.description }
        return String(describing: error)
    }
}

/// The error of each thread's last failed `gregor_stream_new` (no handle to keep it on), so that
/// a failure on one thread does not free the text another thread is reading.
enum CreationErrors {
    private static let byThread = Mutex<[UInt: CErrorText]>([:])

    private static var thread: UInt {
        #if canImport(Glibc)
        UInt(pthread_self())  // pthread_t is an integer on glibc
        #else
        UInt(bitPattern: pthread_self())  // and a pointer on Darwin
        #endif
    }

    /// Records `text` as this thread's last creation error.
    static func set(_ text: CErrorText) {
        let thread = self.thread
        byThread.withLock { $0[thread] = text }
    }

    /// This thread's last creation error.
    static var current: UnsafePointer<CChar>? {
        let thread = self.thread
        return byThread.withLock { $0[thread]?.pointer }
    }
}
