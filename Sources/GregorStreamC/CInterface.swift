import CArrowDataInterface
import Foundation
import Gregor
import GregorArrow
import GregorStream
import Logging

// The C ABI over KafkaStream (declared in gregor_stream.h beside this file): opaque handles,
// blocking calls, Arrow C Data Interface output, errors as return codes plus text.

/// Creates and starts a stream from a JSON configuration (see `CStreamConfiguration`). Returns
/// NULL on failure; `gregor_stream_last_error(NULL)` then says why.
@_cdecl("gregor_stream_new")
public func gregor_stream_new(_ json: UnsafePointer<CChar>?) -> OpaquePointer? {
    guard let json else {
        CreationErrors.set(CErrorText("gregor_stream_new: the configuration is NULL"))
        return nil
    }
    let text = String(cString: json)
    let result = blockingCall { () async throws -> KafkaStream in
        let parsed = try CStreamConfiguration.parse(text)
        var logger = Logger(label: "gregor.stream.c")
        logger.logLevel = ProcessInfo.processInfo.environment["GREGOR_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return try await KafkaStream.start(configuration: try parsed.streamConfiguration(), client: try parsed.clientConfiguration(), logger: logger)
    }
    switch result {
    case .success(let stream):
        return OpaquePointer(Unmanaged.passRetained(StreamHandle(stream: stream)).toOpaque())
    case .failure(let error):
        CreationErrors.set(CErrorText(CErrorText.message(error)))
        return nil
    }
}

/// Polls up to `timeout_ms` for the next batch and exports it into `array` (and its schema into
/// `schema` when not NULL). Returns the number of rows (0 for an empty batch) or -1 on error.
@_cdecl("gregor_stream_poll")
public func gregor_stream_poll(
    _ handle: OpaquePointer?, _ timeoutMilliseconds: Int64, _ array: UnsafeMutablePointer<ArrowArray>?, _ schema: UnsafeMutablePointer<ArrowSchema>?
) -> Int64 {
    guard let stream = streamHandle(handle) else { return -1 }
    guard let array else {
        stream.fail(KafkaError(.invalidArgument, "gregor_stream_poll: the ArrowArray pointer is NULL"))
        return -1
    }
    let timeout = Duration.milliseconds(max(0, timeoutMilliseconds))
    switch blockingCall({ try await stream.stream.poll(timeout: timeout) }) {
    case .success(let batch):
        do {
            try batch.exportArrow(array: array, schema: schema)
            return Int64(batch.count)
        } catch {
            stream.fail(error)
            return -1
        }
    case .failure(let error):
        stream.fail(error)
        return -1
    }
}

/// Exports the partition states (kafkars' partition state schema plus Gregor's columns) into
/// `array` (and `schema` when not NULL). Returns the number of partitions or -1 on error.
@_cdecl("gregor_stream_partition_state")
public func gregor_stream_partition_state(
    _ handle: OpaquePointer?, _ array: UnsafeMutablePointer<ArrowArray>?, _ schema: UnsafeMutablePointer<ArrowSchema>?
) -> Int64 {
    guard let stream = streamHandle(handle) else { return -1 }
    guard let array else {
        stream.fail(KafkaError(.invalidArgument, "gregor_stream_partition_state: the ArrowArray pointer is NULL"))
        return -1
    }
    let states = stream.stream.partitionStates
    do {
        try StreamPartitionState.arrowTable(states).export(array: array, schema: schema)
        return Int64(states.count)
    } catch {
        stream.fail(error)
        return -1
    }
}

/// 1 when every partition's replay is over, 0 when not, -1 for a NULL handle.
@_cdecl("gregor_stream_is_live")
public func gregor_stream_is_live(_ handle: OpaquePointer?) -> Int32 {
    guard let stream = streamHandle(handle) else { return -1 }
    return stream.stream.isLive ? 1 : 0
}

/// 1 when a bounded stream has handed out its whole replay, 0 otherwise, -1 for a NULL handle.
@_cdecl("gregor_stream_is_finished")
public func gregor_stream_is_finished(_ handle: OpaquePointer?) -> Int32 {
    guard let stream = streamHandle(handle) else { return -1 }
    return stream.stream.isFinished ? 1 : 0
}

/// Records received and not yet returned by a poll (-1 for a NULL handle).
@_cdecl("gregor_stream_held_count")
public func gregor_stream_held_count(_ handle: OpaquePointer?) -> Int64 {
    guard let stream = streamHandle(handle) else { return -1 }
    return Int64(stream.stream.heldCount)
}

/// Partitions left out of Fetch requests by the memory budget (-1 for a NULL handle).
@_cdecl("gregor_stream_paused_count")
public func gregor_stream_paused_count(_ handle: OpaquePointer?) -> Int64 {
    guard let stream = streamHandle(handle) else { return -1 }
    return Int64(stream.stream.pausedCount)
}

/// The timestamp (ms) of the latest released record into `out`; returns 1 when there is one, 0
/// when nothing was released yet, -1 for a NULL handle or `out`.
@_cdecl("gregor_stream_watermark")
public func gregor_stream_watermark(_ handle: OpaquePointer?, _ out: UnsafeMutablePointer<Int64>?) -> Int32 {
    guard let stream = streamHandle(handle), let out else { return -1 }
    guard let watermark = stream.stream.watermark else { return 0 }
    out.pointee = watermark
    return 1
}

/// The last error's message for `handle` (for NULL: this thread's last failed
/// `gregor_stream_new`), or NULL when there was none. Valid until the next error on the handle
/// (or this thread's next failed `gregor_stream_new`) or the handle's close.
@_cdecl("gregor_stream_last_error")
public func gregor_stream_last_error(_ handle: OpaquePointer?) -> UnsafePointer<CChar>? {
    guard let handle else { return CreationErrors.current }
    return Unmanaged<StreamHandle>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue().lastErrorPointer
}

/// Stops the stream, closes its connections and frees the handle (NULL is ignored). Arrays
/// already exported stay valid until their release callbacks run.
@_cdecl("gregor_stream_close")
public func gregor_stream_close(_ handle: OpaquePointer?) {
    guard let handle else { return }
    let stream = Unmanaged<StreamHandle>.fromOpaque(UnsafeRawPointer(handle)).takeRetainedValue()
    _ = blockingCall { await stream.stream.close() }
}

private func streamHandle(_ handle: OpaquePointer?) -> StreamHandle? {
    guard let handle else { return nil }
    return Unmanaged<StreamHandle>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
}
