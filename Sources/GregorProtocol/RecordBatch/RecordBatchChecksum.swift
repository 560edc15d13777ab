/// The CRC-32C of a record batch's checksummed part (`attributes` to the end).
@usableFromInline
func recordBatchChecksum(_ bytes: UnsafeRawPointer, count: Int) -> UInt32 {
    CRC32C.checksum(UnsafeRawBufferPointer(start: bytes, count: count))
}
