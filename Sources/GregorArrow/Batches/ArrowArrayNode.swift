/// A read-only view of one Arrow buffer: its start and exact byte length (`nil` start: absent).
struct ArrowBufferView: @unchecked Sendable {
    // @unchecked: the bytes belong to an immutable owner kept alive by the enclosing record batch.

    /// First byte, or `nil` for an absent buffer (a validity bitmap of a column without nulls).
    var pointer: UnsafeRawPointer?
    /// Length in bytes (0 when absent).
    var byteCount: Int

    /// An absent buffer.
    static let absent = ArrowBufferView(pointer: nil, byteCount: 0)
}

/// One array of a record batch in Arrow columnar layout: its buffers (validity first, in the
/// order the columnar format gives for its type) and its child arrays. Offset is always 0.
struct ArrowArrayNode: Sendable {
    /// Number of values.
    var length: Int
    /// Number of null values.
    var nullCount: Int
    /// The buffers, `type.bufferCount` of them.
    var buffers: [ArrowBufferView]
    /// The child arrays (list element, struct fields).
    var children: [ArrowArrayNode]

    /// This node and all its descendants, depth first, parent before children (the IPC order).
    var preorder: [ArrowArrayNode] {
        var nodes = [self]
        for child in children { nodes += child.preorder }
        return nodes
    }
}
