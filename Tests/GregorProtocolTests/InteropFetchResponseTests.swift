import Foundation
import GregorProtocol
import NIOCore
import Testing

/// Whole Fetch response bodies from Tansu (`fetch-response-v<N>.response`), compared with what
/// kafka-python decoded from the same bytes (`.json`), and their records with the transactional
/// fixture's expectations.
@Suite("Fetch responses captured from a broker")
struct InteropFetchResponseTests {
    static let versions: [Int16] = [4, 12, 17]

    @Test("decodes a broker's Fetch response body as kafka-python did", arguments: versions)
    func decodesCapturedFetchResponse(version: Int16) throws {
        let folder = try InteropFixture.directory()
        let body = try Data(contentsOf: folder.appendingPathComponent("fetch-response-v\(version).response"))
        let jsonData = try Data(contentsOf: folder.appendingPathComponent("fetch-response-v\(version).json"))
        guard let json = try JSONSerialization.jsonObject(with: jsonData) as? [String: Any] else {
            throw InteropFixtureError(description: "fetch-response-v\(version).json is not an object")
        }
        #expect(try json.fixtureInt("version") == Int64(version))

        var header = ByteBuffer(bytes: try InteropFixture.hexOrNull(try json.fixtureString("header_hex")) ?? [])
        let decodedHeader = try ResponseHeader(from: &header, version: FetchResponse.responseHeaderVersion(for: version))
        #expect(Int64(decodedHeader.correlationId) == (try json.fixtureInt("correlation_id")))
        #expect(header.readableBytes == 0)

        var buffer = ByteBuffer(bytes: body)
        let response = try FetchResponse(from: &buffer, version: version)
        #expect(buffer.readableBytes == 0)
        #expect(Int64(response.throttleTimeMs) == (try json.fixtureInt("throttle_time_ms")))

        let topics = try json.fixtureArray("topics")
        #expect(response.responses.count == topics.count)
        for (topic, wantTopic) in zip(response.responses, topics) {
            if version < 13 {
                #expect(topic.topic == (try wantTopic.fixtureString("topic")))
            } else {
                let uuidHex = try wantTopic.fixtureString("topic_id").replacingOccurrences(of: "-", with: "")
                #expect(topic.topicId.bytes == (try InteropFixture.hexOrNull(uuidHex)))
            }
            let partitions = try wantTopic.fixtureArray("partitions")
            #expect(topic.partitions.count == partitions.count)
            for (partition, want) in zip(topic.partitions, partitions) {
                #expect(Int64(partition.partitionIndex) == (try want.fixtureInt("partition_index")))
                #expect(Int64(partition.errorCode) == (try want.fixtureInt("error_code")))
                #expect(partition.highWatermark == (try want.fixtureInt("high_watermark")))
                #expect(partition.lastStableOffset == (try want.fixtureInt("last_stable_offset")))
                #expect(partition.logStartOffset == (try want.fixtureInt("log_start_offset")))
                #expect(Int64(partition.preferredReadReplica) == (try want.fixtureInt("preferred_read_replica")))
                let wantAborted = (want["aborted_transactions"] as? [[NSNumber]])?.map { $0.map(\.int64Value) }
                #expect(partition.abortedTransactions?.map { [$0.producerId, $0.firstOffset] } == wantAborted)
                #expect(Int64(partition.records?.readableBytes ?? -1) == (try want.fixtureInt("records_length")))
            }
        }

        // The records inside are the transactional fixture, decoded like any fetch.
        let transactional = try InteropFixture.load("transactional")
        let records = try #require(response.responses.first?.partitions.first?.records)
        #expect(records == transactional.records)
        var sink = InteropCollectingSink()
        _ = try RecordBatchDecoder.decode(records, into: &sink)
        #expect(sink.records == transactional.expectedRecords)
        #expect(sink.controlRecords == transactional.expectedMarkers)
    }

    @Test("re-encodes a broker's Fetch response to the same value, byte for byte where canonical", arguments: versions)
    func reencodesCapturedFetchResponse(version: Int16) throws {
        let folder = try InteropFixture.directory()
        let body = try Data(contentsOf: folder.appendingPathComponent("fetch-response-v\(version).response"))
        var buffer = ByteBuffer(bytes: body)
        let response = try FetchResponse(from: &buffer, version: version)
        var encoded = ByteBuffer()
        try response.encode(into: &encoded, version: version)
        var reread = encoded
        #expect(try FetchResponse(from: &reread, version: version) == response)
        if version < 16 {
            #expect(Array(encoded.readableBytesView) == Array(body))
        } else {
            // From v16 Tansu writes the NodeEndpoints tagged field even when it is empty (its
            // default); a canonical encoder leaves a default tagged field out, 4 bytes shorter.
            let canonical = Array(body.dropLast(4)) + [0]
            #expect(Array(body.suffix(4)) == [1, 0, 1, 1])
            #expect(Array(encoded.readableBytesView) == canonical)
        }
    }
}
