import CArrowDataInterface
import GregorProtocol

extension ArrowRecordBatch {
    /// Exports the batch through the Arrow C Data Interface as a struct array (one child per
    /// field), writing it into `out`. Zero-copy: the buffers are the record batch's own.
    ///
    /// Every child `ArrowArray` lives in one allocation owned by the export; each struct
    /// (parent or child) holds a reference to it, so a consumer may move children out and
    /// release them after the parent. `release` releases the children not yet released, sets
    /// `release` to NULL and drops the reference; the last one frees the structs and lets the
    /// record batch (and the `MessageBatch` it came from) go. `out` must not hold a live export.
    public func export(to out: UnsafeMutablePointer<ArrowArray>) {
        let root = structNode
        let nodes = root.preorder
        let holder = ExportedArrayStorage(
            batch: self, childCount: nodes.count - 1, bufferCount: nodes.reduce(0) { $0 + $1.buffers.count })
        var nextChild = 0
        var nextBuffer = 0
        func fill(_ node: ArrowArrayNode, into target: UnsafeMutablePointer<ArrowArray>) {
            let buffers = holder.buffers + nextBuffer
            for (index, buffer) in node.buffers.enumerated() {
                buffers[index] = buffer.pointer
            }
            nextBuffer += node.buffers.count
            // A node's children are contiguous; their pointer slots share the children's indices.
            let firstChild = nextChild
            nextChild += node.children.count
            for index in node.children.indices {
                holder.childPointers[firstChild + index] = holder.children + firstChild + index
            }
            target.pointee = ArrowArray(
                length: Int64(node.length),
                null_count: Int64(node.nullCount),
                offset: 0,
                n_buffers: Int64(node.buffers.count),
                n_children: Int64(node.children.count),
                buffers: node.buffers.isEmpty ? nil : buffers,
                children: node.children.isEmpty ? nil : holder.childPointers + firstChild,
                dictionary: nil,
                release: releaseExportedArray,
                private_data: Unmanaged.passRetained(holder).toOpaque())
            for (index, child) in node.children.enumerated() {
                fill(child, into: holder.children + firstChild + index)
            }
        }
        fill(root, into: out)
    }
}

extension MessageBatch {
    /// Exports the batch through the Arrow C Data Interface: the record batch into `array`
    /// (see `ArrowRecordBatch.export(to:)`) and, when given, `MessageBatch.arrowSchema` into
    /// `schema`. Zero-copy except the topic strings; the export keeps this batch alive until
    /// its last struct is released.
    public func exportArrow(array: UnsafeMutablePointer<ArrowArray>, schema: UnsafeMutablePointer<ArrowSchema>?) throws(ArrowError) {
        let batch = try arrowRecordBatch()
        batch.export(to: array)
        if let schema {
            Self.arrowSchema.export(to: schema)
        }
    }
}

extension ArrowTable {
    /// Exports the table through the Arrow C Data Interface: the record batch into `array` and,
    /// when given, the schema into `schema`.
    public func export(array: UnsafeMutablePointer<ArrowArray>, schema: UnsafeMutablePointer<ArrowSchema>?) throws(ArrowError) {
        let batch = try arrowRecordBatch()
        batch.export(to: array)
        if let schema {
            self.schema.export(to: schema)
        }
    }
}

/// The memory behind one exported array: the child structs, their child-pointer slots and
/// buffer-pointer arrays, and the record batch whose buffers they point to.
private final class ExportedArrayStorage {
    let batch: ArrowRecordBatch
    let children: UnsafeMutablePointer<ArrowArray>
    let childPointers: UnsafeMutablePointer<UnsafeMutablePointer<ArrowArray>?>
    let buffers: UnsafeMutablePointer<UnsafeRawPointer?>

    init(batch: ArrowRecordBatch, childCount: Int, bufferCount: Int) {
        self.batch = batch
        children = .allocate(capacity: max(childCount, 1))
        childPointers = .allocate(capacity: max(childCount, 1))
        childPointers.initialize(repeating: nil, count: max(childCount, 1))
        buffers = .allocate(capacity: max(bufferCount, 1))
        buffers.initialize(repeating: nil, count: max(bufferCount, 1))
    }

    deinit {
        children.deallocate()
        childPointers.deallocate()
        buffers.deallocate()
    }
}

/// The `release` callback of every exported `ArrowArray` (parent and children).
private func releaseExportedArray(_ array: UnsafeMutablePointer<ArrowArray>?) {
    guard let array, array.pointee.release != nil else { return }
    if let children = array.pointee.children {
        for index in 0..<Int(array.pointee.n_children) {
            // A child moved out by the consumer was marked released here (release == NULL).
            if let child = children[index], let release = child.pointee.release {
                release(child)
            }
        }
    }
    let storage = array.pointee.private_data
    // Mark released before dropping the reference: the struct itself may live in the storage.
    array.pointee.release = nil
    array.pointee.private_data = nil
    if let storage {
        Unmanaged<ExportedArrayStorage>.fromOpaque(storage).release()
    }
}
