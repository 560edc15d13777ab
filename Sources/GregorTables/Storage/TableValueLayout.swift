import Synchronization

/// How a table keeps decoded values of one type inside its entries (`TableEntry`): their size and
/// alignment, and how to destroy one. Entries hold a layout by an unretained pointer, so layouts
/// are never freed: `of(_:)` makes one per value type for the life of the process.
class TableValueLayout: @unchecked Sendable {
    /// `MemoryLayout<Value>.size`.
    let size: Int
    /// `MemoryLayout<Value>.alignment`.
    let alignment: Int

    fileprivate init(size: Int, alignment: Int) {
        self.size = size
        self.alignment = alignment
    }

    /// Destroys the value stored at `pointer` (an entry is being freed).
    func destroyValue(at pointer: UnsafeMutableRawPointer) {}

    private static let layouts = Mutex<[ObjectIdentifier: TableValueLayout]>([:])

    /// The layout of `Value`: the same object for every call with the same type.
    static func of<Value>(_ type: Value.Type) -> TableValueLayout {
        layouts.withLock { layouts in
            if let layout = layouts[ObjectIdentifier(type)] { return layout }
            let layout = TypedTableValueLayout<Value>()
            layouts[ObjectIdentifier(type)] = layout
            return layout
        }
    }
}

/// The layout of values of type `Value`.
private final class TypedTableValueLayout<Value>: TableValueLayout, @unchecked Sendable {
    init() { super.init(size: MemoryLayout<Value>.size, alignment: MemoryLayout<Value>.alignment) }

    override func destroyValue(at pointer: UnsafeMutableRawPointer) {
        pointer.assumingMemoryBound(to: Value.self).deinitialize(count: 1)
    }
}
