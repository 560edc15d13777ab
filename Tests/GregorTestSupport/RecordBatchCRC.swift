import GregorProtocol
import NIOCore

/// Recomputes the CRC-32C of the record batch at `start` (relative to the reader index), after a
/// test edited the batch's bytes on purpose.
public func refreshRecordBatchCRC(_ buffer: inout ByteBuffer, batchAt start: Int = 0) {
    let index = buffer.readerIndex + start
    let length = Int(buffer.getInteger(at: index + 8, as: Int32.self) ?? 0)
    // The CRC (at byte 17) covers everything from the attributes (byte 21) to the batch's end.
    let checked = buffer.getSlice(at: index + 21, length: length - 9) ?? ByteBuffer()
    buffer.setInteger(CRC32C.checksum(checked), at: index + 17)
}
