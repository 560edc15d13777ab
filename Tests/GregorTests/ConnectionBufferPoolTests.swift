@testable import Gregor
import NIOCore
import Testing

/// The connections' buffer memory: `malloc` below 512 KiB, mappings from the shared
/// `MappedBlockPool` above (the pool's own rules: `MappedBlockPoolTests`).
@Suite struct ConnectionBufferPoolTests {
    private static let large = KafkaBufferPool.mappedMinimum * 2

    @Test func smallBuffersComeFromMallocAndLargeOnesAreMapped() throws {
        let small = try #require(KafkaBufferPool.allocate(4096))
        let large = try #require(KafkaBufferPool.allocate(Self.large))
        #expect(!KafkaBufferPool.isMapped(small))
        #expect(KafkaBufferPool.isMapped(large))
        #expect(Int(bitPattern: small) % 16 == 0 && Int(bitPattern: large) % 16 == 0)
        KafkaBufferPool.deallocate(small)
        KafkaBufferPool.deallocate(large)
    }

    @Test func reallocationKeepsTheBytesAcrossTheMappedThreshold() throws {
        var pointer = try #require(KafkaBufferPool.allocate(1000))
        var size = 1000
        let pattern = { (index: Int) -> UInt8 in UInt8(truncatingIfNeeded: index &* 31 &+ 7) }
        for index in 0..<size { pointer.storeBytes(of: pattern(index), toByteOffset: index, as: UInt8.self) }
        // malloc → malloc, malloc → mapping, mapping → larger mapping, then a shrink (kept in place).
        for newSize in [200_000, Self.large, Self.large * 3, Self.large] {
            pointer = try #require(KafkaBufferPool.reallocate(pointer, from: size, to: newSize))
            let kept = min(size, newSize)
            let intact = (0..<kept).allSatisfy { pointer.load(fromByteOffset: $0, as: UInt8.self) == pattern($0) }
            #expect(intact, "after going from \(size) to \(newSize) bytes")
            if newSize > size {
                for index in size..<newSize { pointer.storeBytes(of: pattern(index), toByteOffset: index, as: UInt8.self) }
            }
            size = newSize
        }
        #expect(KafkaBufferPool.isMapped(pointer))
        KafkaBufferPool.deallocate(pointer)
    }

    @Test func byteBuffersOfTheConnectionsAllocatorGrowFromSmallToMapped() {
        var buffer = KafkaBufferPool.allocator.buffer(capacity: 64)
        let chunk = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        for _ in 0..<(Self.large / chunk.count + 3) { buffer.writeBytes(chunk) }
        var copy = buffer
        copy.writeBytes([1, 2, 3])
        var intact = true
        var index = 0
        while let slice = buffer.readBytes(length: chunk.count) {
            intact = intact && slice == chunk
            index += 1
        }
        #expect(intact && index == Self.large / chunk.count + 3)
        #expect(copy.readableBytes == buffer.writerIndex + 3)
    }
}
