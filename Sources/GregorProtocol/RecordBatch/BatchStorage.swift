/// The one allocation behind a `MessageBatch`.
///
/// Large batches (1 MiB and more) are mapped pages from `MappedBlockPool`: with malloc, a long
/// replay's resident memory grew far past the Stream's budget (see the pool).
struct BatchStorage {
    static let mappingThreshold = 1 << 20

    let base: UnsafeMutableRawPointer
    let byteCount: Int
    /// The mapping's size when mapped, 0 when allocated with malloc.
    private let mappedSize: Int

    private let pool: MappedBlockPool

    /// At least `byteCount` bytes, 64-byte aligned; large ones from `pool`.
    init(byteCount: Int, pool: MappedBlockPool = .shared) {
        let size = max(byteCount, 64)
        self.byteCount = size
        self.pool = pool
        if size >= Self.mappingThreshold, let block = pool.take(size) {
            base = block.pointer
            mappedSize = block.size
        } else {
            base = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
            mappedSize = 0
        }
    }

    /// Frees the memory (once, from the batch's deinit).
    func release() {
        if mappedSize > 0 {
            pool.give(base, size: mappedSize)
        } else {
            base.deallocate()
        }
    }
}
