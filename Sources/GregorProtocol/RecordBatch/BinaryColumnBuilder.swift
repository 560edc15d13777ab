/// A nullable binary (or utf8) column in Arrow layout under construction: validity bitmap,
/// `Int32` offsets (one more than the rows, starting at 0) and one contiguous data buffer.
@usableFromInline
struct BinaryColumnBuilder: ~Copyable {
    @usableFromInline var validity: ValidityBitmap
    @usableFromInline var offsets: GrowableBuffer
    @usableFromInline var data: GrowableBuffer

    @usableFromInline
    init(rowCapacity: Int = 0, dataCapacity: Int = 0) {
        validity = ValidityBitmap(capacity: rowCapacity)
        offsets = GrowableBuffer(capacity: (rowCapacity + 1) * 4)
        data = GrowableBuffer(capacity: dataCapacity)
        offsets.append(Int32(0))
    }

    /// Rows appended.
    @inlinable
    var count: Int { validity.length }

    /// Appends one value; `nil` is null. Fails when the data would exceed Arrow's `Int32` offsets.
    @inlinable @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer?, column: StaticString) throws(KafkaDecodingError) {
        if let bytes {
            let newCount = data.count + bytes.count
            guard newCount <= Int(Int32.max) else {
                throw BinaryColumnBuilder.overflow(column: column, length: newCount)
            }
            data.append(bytes)
            offsets.append(Int32(truncatingIfNeeded: newCount))
            validity.append(isValid: true)
        } else {
            offsets.append(Int32(truncatingIfNeeded: data.count))
            validity.append(isValid: false)
        }
    }

    /// The error for a column whose data outgrew `Int32` offsets.
    @usableFromInline @inline(never)
    static func overflow(column: StaticString, length: Int) -> KafkaDecodingError {
        .lengthTooLarge(field: "MessageBatch \(column) data", length: Int64(length), limit: Int64(Int32.max))
    }

    /// Forgets the contents and keeps the capacity.
    @inlinable
    mutating func removeAll() {
        validity.removeAll()
        offsets.removeAll()
        data.removeAll()
        offsets.append(Int32(0))
    }
}
