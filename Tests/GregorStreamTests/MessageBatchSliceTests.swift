import Foundation
import GregorProtocol
import Testing

@testable import GregorStream

/// Zero-copy slices and message views of a `MessageBatch`.
@Suite struct MessageBatchSliceTests {
    static let partition = StreamPartition(topic: "t", partition: 2)

    @Test func slicesViewRowsInPlaceAndCopyOnRequest() throws {
        let batch = try StreamCoreTests.chunk(Self.partition, (0..<10).map { (Int64($0), 1_000 + Int64($0)) }, nullOddValues: true)
        let slice = batch[3..<7]
        #expect(slice.count == 4)
        #expect(slice.map(\.offset) == [3, 4, 5, 6])
        #expect(slice.first?.batch === batch)  // a view, no copy
        #expect(slice[4].value.map { String(decoding: $0, as: UTF8.self) } == "t-2@4")
        #expect(slice[3].value == nil)
        #expect(slice[5].withValue { $0 == nil })
        #expect(slice[4].withKey { $0.map { Array($0) } } == Array("k4".utf8))
        #expect(slice[6].headers == [RecordHeader(key: "h", value: Array("6".utf8))])
        #expect(slice[6].partition == 2 && slice[6].topic == "t")
        #expect(slice[4].date == Date(timeIntervalSince1970: 1.004))
        #expect(batch.messages.count == 10)
        #expect(slice[5..<20].map(\.offset) == [5, 6])

        let copy = try slice.copy()
        #expect(copy !== batch)
        #expect(copy.count == 4)
        #expect((0..<copy.count).map { copy.offset(at: $0) } == [3, 4, 5, 6])
        #expect(copy.value(at: 0) == nil)
        #expect(copy.headers(at: 3) == [RecordHeader(key: "h", value: Array("6".utf8))])
        #expect(copy.headers(at: 1).isEmpty)
    }
}
