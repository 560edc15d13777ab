/// A minimal FlatBuffers builder (the subset Arrow's IPC metadata needs): tables with scalar,
/// offset and union fields, strings, vectors of offsets and vectors of structs.
///
/// Like the reference implementation it builds back to front: children are written before
/// the objects that refer to them, and an `Offset` counts bytes from the end of the buffer,
/// so the unsigned forward offsets FlatBuffers requires come out right. Every scalar is
/// written explicitly (no default elision), which readers accept.
struct FlatBufferBuilder {
    /// A finished object, as its distance from the end of the buffer.
    struct Offset {
        fileprivate let fromEnd: Int
    }

    /// The bytes, filled from the end: the buffer so far is `storage[head...]`.
    private var storage: [UInt8] = Array(repeating: 0, count: 1024)
    private var head = 1024
    private var minimumAlignment = 1
    /// Position (from the end) of each field of the open table; 0 when not set.
    private var fieldPositions: [Int] = []
    private var tableStart = 0

    /// Bytes written so far.
    private var size: Int { storage.count - head }

    /// Grows the storage (keeping the contents at the end) until `count` more bytes fit.
    private mutating func reserve(_ count: Int) {
        guard head < count else { return }
        var newCapacity = storage.count * 2
        while newCapacity - size < count { newCapacity *= 2 }
        var grown = [UInt8](repeating: 0, count: newCapacity - size)
        grown.append(contentsOf: storage[head...])
        head = newCapacity - size
        storage = grown
    }

    /// Pads with zeros so that after writing `additional` bytes the size is a multiple of `alignment`.
    private mutating func align(_ alignment: Int, additional: Int = 0) {
        minimumAlignment = max(minimumAlignment, alignment)
        let padding = (alignment - (size + additional) % alignment) % alignment
        reserve(padding + additional)
        for _ in 0..<padding {
            head -= 1
            storage[head] = 0
        }
    }

    /// Writes `value` little-endian just before the current head (no alignment).
    private mutating func put<T: FixedWidthInteger>(_ value: T) {
        let width = MemoryLayout<T>.size
        reserve(width)
        head -= width
        var bits = value.littleEndian
        withUnsafeBytes(of: &bits) { bytes in
            for index in 0..<width { storage[head + index] = bytes[index] }
        }
    }

    /// Writes an aligned scalar.
    private mutating func scalar<T: FixedWidthInteger>(_ value: T) {
        align(MemoryLayout<T>.size)
        put(value)
    }

    /// Writes an aligned reference to `target` (an unsigned offset forward to it).
    private mutating func reference(_ target: Offset) {
        align(4)
        put(UInt32(truncatingIfNeeded: size + 4 - target.fromEnd))
    }

    /// Writes a NUL-terminated, length-prefixed UTF-8 string.
    mutating func string(_ text: String) -> Offset {
        let bytes = Array(text.utf8)
        align(4, additional: bytes.count + 1)
        put(UInt8(0))
        reserve(bytes.count)
        head -= bytes.count
        for (index, byte) in bytes.enumerated() { storage[head + index] = byte }
        put(UInt32(truncatingIfNeeded: bytes.count))
        return Offset(fromEnd: size)
    }

    /// Writes a vector of references to finished objects.
    mutating func vector(of elements: [Offset]) -> Offset {
        align(4, additional: elements.count * 4)
        for element in elements.reversed() { reference(element) }
        put(UInt32(truncatingIfNeeded: elements.count))
        return Offset(fromEnd: size)
    }

    /// Writes a vector of structs whose fields are all `Int64` (Arrow's FieldNode, Buffer).
    mutating func vector(ofInt64Structs elements: [[Int64]]) -> Offset {
        let width = elements.first?.count ?? 0
        align(8, additional: elements.count * width * 8)
        for element in elements.reversed() {
            for field in element.reversed() { put(field) }
        }
        align(4)
        put(UInt32(truncatingIfNeeded: elements.count))
        return Offset(fromEnd: size)
    }

    /// Writes a vector of Arrow `Block` structs: `offset: Int64, metaDataLength: Int32, (4 padding), bodyLength: Int64`.
    mutating func vector(ofBlocks blocks: [(offset: Int64, metadataLength: Int32, bodyLength: Int64)]) -> Offset {
        align(8, additional: blocks.count * 24)
        for block in blocks.reversed() {
            put(block.bodyLength)
            put(Int32(0))
            put(block.metadataLength)
            put(block.offset)
        }
        align(4)
        put(UInt32(truncatingIfNeeded: blocks.count))
        return Offset(fromEnd: size)
    }

    /// Opens a table with `fieldCount` field slots.
    mutating func startTable(fieldCount: Int) {
        fieldPositions = Array(repeating: 0, count: fieldCount)
        tableStart = size
    }

    /// Sets scalar field `slot` of the open table.
    mutating func add<T: FixedWidthInteger>(_ slot: Int, _ value: T) {
        scalar(value)
        fieldPositions[slot] = size
    }

    /// Sets reference field `slot` of the open table.
    mutating func add(_ slot: Int, _ target: Offset) {
        reference(target)
        fieldPositions[slot] = size
    }

    /// Closes the open table: writes its vtable just before it.
    mutating func endTable() -> Offset {
        align(4)
        put(Int32(0))  // the table's offset to its vtable, patched below
        let tableEnd = size
        let usedSlots = (fieldPositions.lastIndex { $0 != 0 } ?? -1) + 1
        for position in fieldPositions[..<usedSlots].reversed() {
            put(UInt16(truncatingIfNeeded: position == 0 ? 0 : tableEnd - position))
        }
        put(UInt16(truncatingIfNeeded: tableEnd - tableStart))
        put(UInt16(truncatingIfNeeded: 4 + 2 * usedSlots))
        // The vtable sits before the table: table position - vtable position, as a signed offset.
        let distance = Int32(truncatingIfNeeded: size - tableEnd)
        withUnsafeBytes(of: distance.littleEndian) { bytes in
            for index in 0..<4 { storage[storage.count - tableEnd + index] = bytes[index] }
        }
        fieldPositions = []
        return Offset(fromEnd: tableEnd)
    }

    /// Finishes the buffer with `root` as its root table; the size is a multiple of 8.
    mutating func finish(root: Offset) -> [UInt8] {
        align(max(minimumAlignment, 8), additional: 4)
        reference(root)
        return Array(storage[head...])
    }
}
