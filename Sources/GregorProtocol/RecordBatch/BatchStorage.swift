#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one allocation behind a `MessageBatch`. Large batches (1 MiB and more) are mapped pages of
/// their own and go back to the system when the batch is freed: with malloc, glibc raises its
/// mmap threshold after such frees and keeps later batch-sized blocks in its heaps, so a long
/// replay's resident memory would grow far past the Stream's budget.
struct BatchStorage {
    static let mappingThreshold = 1 << 20

    let base: UnsafeMutableRawPointer
    let byteCount: Int
    private let isMapped: Bool

    /// At least `byteCount` bytes, 64-byte aligned.
    init(byteCount: Int) {
        let size = max(byteCount, 64)
        if size >= Self.mappingThreshold,
            let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), mapped != MAP_FAILED
        {
            base = mapped
            isMapped = true
        } else {
            base = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: GrowableBuffer.alignment)
            isMapped = false
        }
        self.byteCount = size
    }

    /// Frees the memory (once, from the batch's deinit).
    func release() {
        if isMapped {
            munmap(base, byteCount)
        } else {
            base.deallocate()
        }
    }
}
