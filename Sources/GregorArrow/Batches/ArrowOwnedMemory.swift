/// One zero-filled, 64-byte aligned allocation that frees itself when the last reference goes.
///
/// Holds the buffers Gregor materialises for export (a MessageBatch's topic strings, an
/// `ArrowTable`'s columns); record batches and exported C structs keep it alive.
final class ArrowOwnedMemory: @unchecked Sendable {
    // @unchecked: filled once by the code that allocates it, read-only afterwards.

    /// Start of the allocation.
    let base: UnsafeMutableRawPointer
    /// Usable bytes.
    let byteCount: Int

    /// Allocates `byteCount` zeroed bytes (at least 64).
    init(byteCount: Int) {
        self.byteCount = byteCount
        let size = max(byteCount, 64)
        base = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: size)
    }

    deinit {
        base.deallocate()
    }
}

/// Lays out byte arrays one after another in an `ArrowOwnedMemory`, each 64-byte aligned.
struct ArrowMemoryPacker {
    private var pieces: [[UInt8]] = []
    private var offsets: [Int] = []
    private var size = 0

    /// Schedules `bytes` for packing; returns its index for `view(_:in:)`.
    mutating func add(_ bytes: [UInt8]) -> Int {
        pieces.append(bytes)
        offsets.append(size)
        size += (bytes.count + 63) & ~63
        return pieces.count - 1
    }

    /// Allocates the memory and copies every piece in.
    func pack() -> ArrowOwnedMemory {
        let memory = ArrowOwnedMemory(byteCount: size)
        for (piece, offset) in zip(pieces, offsets) where !piece.isEmpty {
            piece.withUnsafeBytes { bytes in
                if let source = bytes.baseAddress {
                    memory.base.advanced(by: offset).copyMemory(from: source, byteCount: bytes.count)
                }
            }
        }
        return memory
    }

    /// The packed piece `index` as a buffer view into `memory`.
    func view(_ index: Int, in memory: ArrowOwnedMemory) -> ArrowBufferView {
        ArrowBufferView(pointer: UnsafeRawPointer(memory.base.advanced(by: offsets[index])), byteCount: pieces[index].count)
    }
}
