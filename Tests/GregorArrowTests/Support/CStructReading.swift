import CArrowDataInterface
import Testing

/// Reading exported C structs in tests (children and buffers through `#require`).
enum CStructReading {
    /// Child `index` of `array`.
    static func child(_ array: ArrowArray, _ index: Int) throws -> ArrowArray {
        #expect(index < Int(array.n_children))
        let children = try #require(array.children)
        return try #require(children[index]).pointee
    }

    /// Buffer `index` of `array` (nil when absent).
    static func buffer(_ array: ArrowArray, _ index: Int) throws -> UnsafeRawPointer? {
        #expect(index < Int(array.n_buffers))
        return try #require(array.buffers)[index]
    }

    /// Child `index` of `schema`.
    static func child(_ schema: ArrowSchema, _ index: Int) throws -> ArrowSchema {
        #expect(index < Int(schema.n_children))
        let children = try #require(schema.children)
        return try #require(children[index]).pointee
    }

    /// (format, name, flags) of `schema`.
    static func describe(_ schema: ArrowSchema) throws -> (format: String, name: String, flags: Int64) {
        (String(cString: try #require(schema.format)), String(cString: try #require(schema.name)), schema.flags)
    }

    /// The `Int32` values of an offsets buffer.
    static func int32s(_ pointer: UnsafeRawPointer?, count: Int) throws -> [Int32] {
        let base = try #require(pointer)
        return (0..<count).map { base.load(fromByteOffset: $0 * 4, as: Int32.self) }
    }

    /// `count` bytes at `pointer`.
    static func bytes(_ pointer: UnsafeRawPointer?, count: Int) throws -> [UInt8] {
        let base = try #require(pointer)
        return Array(UnsafeRawBufferPointer(start: base, count: count))
    }
}
