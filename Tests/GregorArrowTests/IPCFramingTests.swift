import Foundation
import GregorArrow
import GregorProtocol
import Testing

@Suite("Arrow IPC framing")
struct IPCFramingTests {
    /// The encapsulated messages of a stream: (metadata length, body length) each, until EOS.
    static func messages(_ bytes: [UInt8], from start: Int) throws -> (messages: [(metadata: Int, body: Int, position: Int)], end: Int) {
        var position = start
        var found: [(Int, Int, Int)] = []
        func int32(at offset: Int) -> Int32 {
            bytes[offset..<offset + 4].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
        }
        while true {
            try #require(position + 8 <= bytes.count)
            #expect(int32(at: position) == -1, "continuation marker at \(position)")
            let metadataLength = Int(int32(at: position + 4))
            if metadataLength == 0 { return (found, position + 8) }
            #expect((position + 8 + metadataLength) % 8 == 0, "metadata padded to 8 bytes")
            // Message.bodyLength: read through the flatbuffer (root table, vtable slot 3).
            let flatbuffer = position + 8
            let root = flatbuffer + Int(int32(at: flatbuffer))
            let vtable = root - Int(int32(at: root))
            let bodyField = bytes[(vtable + 10)..<(vtable + 12)].withUnsafeBytes { $0.loadUnaligned(as: UInt16.self) }
            let bodyLength = bytes[(root + Int(bodyField))..<(root + Int(bodyField) + 8)].withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
            found.append((metadataLength, Int(bodyLength), position))
            position += 8 + metadataLength + Int(bodyLength)
        }
    }

    @Test("stream: schema message, one message per batch with an 8-byte aligned body, EOS at the end")
    func streamFraming() throws {
        let writer = try ArrowIPCStreamWriter.inMemory()
        try writer.write(SampleMessages.batch(SampleMessages.first))
        try writer.write(SampleMessages.batch(SampleMessages.second))
        try writer.finish()
        let bytes = writer.writtenBytes
        let (messages, end) = try Self.messages(bytes, from: 0)
        #expect(messages.count == 3)
        #expect(messages.first?.body == 0, "the schema message has no body")
        for message in messages {
            #expect(message.body % 8 == 0)
            #expect((message.position + 8 + message.metadata) % 8 == 0)
        }
        #expect(end == bytes.count)
        #expect(Array(bytes.suffix(8)) == [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])
    }

    @Test("file: ARROW1 and padding, the stream, footer, footer length, ARROW1")
    func fileFraming() throws {
        let writer = try ArrowIPCFileWriter.inMemory()
        try writer.write(SampleMessages.batch(SampleMessages.first))
        try writer.finish()
        let bytes = writer.writtenBytes
        #expect(Array(bytes.prefix(8)) == Array("ARROW1".utf8) + [0, 0])
        #expect(Array(bytes.suffix(6)) == Array("ARROW1".utf8))
        let (messages, streamEnd) = try Self.messages(bytes, from: 8)
        #expect(messages.count == 2)
        let footerLength = bytes[(bytes.count - 10)..<(bytes.count - 6)].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
        #expect(streamEnd + Int(footerLength) + 10 == bytes.count)
    }

    @Test("a batch whose schema differs from the writer's is refused")
    func schemaMismatch() throws {
        let writer = try ArrowIPCStreamWriter.inMemory()
        let table = try ArrowTable(columns: [.int32("partition", [1])])
        #expect(throws: ArrowError.schemaMismatch(
            expected: MessageBatch.arrowSchema.description, actual: table.schema.description)
        ) {
            try writer.write(table)
        }
    }

    @Test("writing after finish fails with writerClosed")
    func writeAfterFinish() throws {
        let writer = try ArrowIPCFileWriter.inMemory()
        try writer.finish()
        #expect(throws: ArrowError.writerClosed) {
            try writer.write(SampleMessages.batch(SampleMessages.second))
        }
        #expect(throws: ArrowError.writerClosed) {
            try writer.finish()
        }
    }

    @Test("opening a path in a missing directory fails with an I/O error naming the path")
    func openFailure() throws {
        let path = "/nonexistent-gregor-dir/out.arrow"
        #expect(throws: ArrowError.io(operation: "open", path: path, errno: ENOENT)) {
            try ArrowIPCFileWriter(path: path)
        }
    }

    @Test("a failed write names the path and leaves the writer closed", .enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func writeFailure() throws {
        let writer = try ArrowIPCFileWriter(path: "/dev/full")
        try writer.write(SampleMessages.batch(SampleMessages.second))
        #expect(throws: ArrowError.io(operation: "write", path: "/dev/full", errno: ENOSPC)) {
            try writer.finish()
        }
        #expect(throws: ArrowError.writerClosed) {
            try writer.finish()
        }
    }

    @Test("the file written to a path equals the in-memory file")
    func pathEqualsMemory() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("messages.arrow")
        let batch = try SampleMessages.batch(SampleMessages.first)
        let fileWriter = try ArrowIPCFileWriter(path: path)
        try fileWriter.write(batch)
        try fileWriter.finish()
        let memoryWriter = try ArrowIPCFileWriter.inMemory()
        try memoryWriter.write(batch)
        try memoryWriter.finish()
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(written == memoryWriter.writtenBytes)
        #expect(fileWriter.writtenBytes.isEmpty)
    }

    @Test("a descriptor writer leaves the descriptor open unless asked, and writes the same stream as memory")
    func descriptorOutput() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("messages.arrows")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let batch = try SampleMessages.batch(SampleMessages.second)
        let writer = try ArrowIPCStreamWriter(fileDescriptor: descriptor)
        try writer.write(batch)
        try writer.finish()
        #expect(fcntl(descriptor, F_GETFD) >= 0, "the caller's descriptor stays open")
        let memoryWriter = try ArrowIPCStreamWriter.inMemory()
        try memoryWriter.write(batch)
        try memoryWriter.finish()
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == memoryWriter.writtenBytes)
    }

    @Test("values larger than the staging buffer are written whole: the file equals the in-memory file")
    func largeValues() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("large.arrow")
        let big = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let batch = try SampleMessages.batch([
            SampleMessage(topic: "big", partition: 0, offset: 0, timestamp: 1, key: [1], value: big),
            SampleMessage(topic: "big", partition: 0, offset: 1, timestamp: 2, key: nil, value: Array(big.prefix(5))),
        ])
        let writer = try ArrowIPCFileWriter(path: path)
        try writer.write(batch)
        try writer.write(batch)
        try writer.finish()
        let memoryWriter = try ArrowIPCFileWriter.inMemory()
        try memoryWriter.write(batch)
        try memoryWriter.write(batch)
        try memoryWriter.finish()
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(written.count > 2 * big.count)
        #expect(written == memoryWriter.writtenBytes)
    }
}
