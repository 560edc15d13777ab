#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an IPC writer's bytes go: a file descriptor (through a staging buffer, large buffers
/// written directly) or memory. Counts the bytes written, for the file footer's blocks.
final class ArrowIPCOutput {
    private enum Target {
        case descriptor(Int32, name: String, closeWhenDone: Bool)
        case memory
    }

    private var target: Target
    /// Staged bytes (for a descriptor) or everything written (for memory).
    private(set) var buffered: [UInt8] = []
    /// Bytes written so far (including staged ones).
    private(set) var position = 0
    private var isClosed = false
    /// Whether the bytes are kept in memory.
    var isMemory: Bool {
        if case .memory = target { return true }
        return false
    }
    private static let stagingLimit = 1 << 20

    /// Writes to `descriptor`; `name` appears in error messages.
    init(descriptor: Int32, name: String, closeWhenDone: Bool) {
        target = .descriptor(descriptor, name: name, closeWhenDone: closeWhenDone)
        buffered.reserveCapacity(Self.stagingLimit)
    }

    /// Keeps everything in memory (`buffered`).
    init() {
        target = .memory
    }

    /// Creates or truncates `path` and writes to it.
    convenience init(path: String) throws(ArrowError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        self.init(descriptor: descriptor, name: path, closeWhenDone: true)
    }

    deinit {
        if case .descriptor(let descriptor, _, true) = target, !isClosed {
            _ = closeDescriptor(descriptor)
        }
    }

    /// Appends `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws(ArrowError) {
        guard !bytes.isEmpty else { return }
        position += bytes.count
        switch target {
        case .memory:
            buffered.append(contentsOf: bytes)
        case .descriptor:
            if buffered.count + bytes.count <= Self.stagingLimit {
                buffered.append(contentsOf: bytes)
            } else {
                try flush()
                try writeAll(bytes)
            }
        }
    }

    /// Appends `bytes`.
    func write(_ bytes: [UInt8]) throws(ArrowError) {
        var failure: ArrowError?
        bytes.withUnsafeBytes { raw in
            do throws(ArrowError) { try write(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Appends a little-endian integer.
    func write<T: FixedWidthInteger>(integer value: T) throws(ArrowError) {
        try withUnsafeBytes(of: value.littleEndian) { (raw) throws(ArrowError) in try write(raw) }
    }

    /// Appends zeros up to the next multiple of 8 of `position`.
    func padToEight() throws(ArrowError) {
        let padding = (8 - position % 8) % 8
        if padding > 0 {
            try write([UInt8](repeating: 0, count: padding))
        }
    }

    /// Writes the staged bytes to the descriptor.
    func flush() throws(ArrowError) {
        guard case .descriptor = target, !buffered.isEmpty else { return }
        var failure: ArrowError?
        buffered.withUnsafeBytes { raw in
            do throws(ArrowError) { try writeAll(raw) } catch { failure = error }
        }
        if let failure { throw failure }
        buffered.removeAll(keepingCapacity: true)
    }

    /// Flushes and, when the output owns its descriptor, closes it (also when the flush fails).
    func close() throws(ArrowError) {
        guard !isClosed else { return }
        isClosed = true
        var failure: ArrowError?
        do throws(ArrowError) { try flush() } catch { failure = error }
        if case .descriptor(let descriptor, let name, true) = target, closeDescriptor(descriptor) != 0, failure == nil {
            failure = .io(operation: "close", path: name, errno: errno)
        }
        if let failure { throw failure }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(ArrowError) {
        guard case .descriptor(let descriptor, let name, _) = target, var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = writeDescriptor(descriptor, next, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "write", path: name, errno: errno)
            }
            remaining -= written
            next += written
        }
    }
}

/// `close(2)` (the writer's own `close()` method hides the C function inside the class).
private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

/// `write(2)`.
private func writeDescriptor(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
