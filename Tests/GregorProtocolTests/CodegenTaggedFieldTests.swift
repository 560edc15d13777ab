import NIOCore
import Testing
@testable import GregorProtocol

/// Unknown tagged fields are kept and written back in tag order; known ones are typed.
@Suite struct CodegenTaggedFieldTests {
    private func unknown(_ tag: UInt32, _ bytes: [UInt8]) -> UnknownTaggedField {
        UnknownTaggedField(tag: tag, data: ByteBuffer(bytes: bytes))
    }

    @Test func unknownTaggedFieldsSurviveARoundTripAtEveryLevel() throws {
        var partition = FetchResponse.PartitionData(partitionIndex: 3, records: ByteBuffer(bytes: [1, 2, 3]))
        partition.currentLeader = .init(leaderId: 7, leaderEpoch: 9)
        partition.unknownTaggedFields = [unknown(5, [0xAA]), unknown(900, [])]
        var topic = FetchResponse.FetchableTopicResponse(topicId: KafkaUUID(high: 1, low: 2), partitions: [partition])
        topic.unknownTaggedFields = [unknown(0, [1, 2, 3, 4])]
        let response = FetchResponse(
            throttleTimeMs: 1, responses: [topic],
            nodeEndpoints: [.init(nodeId: 1, host: "h", port: 9092, rack: nil)],
            unknownTaggedFields: [unknown(1, [0x42]), unknown(70_000, [9, 9])])
        for version in Int16(16)...17 {
            var encoded = ByteBuffer()
            try response.encode(into: &encoded, version: version)
            var reader = encoded
            let decoded = try FetchResponse(from: &reader, version: version)
            #expect(decoded == response)
            #expect(reader.readableBytes == 0)
            var again = ByteBuffer()
            try decoded.encode(into: &again, version: version)
            #expect(again == encoded)
        }
    }

    @Test func knownAndUnknownTagsAreWrittenInAscendingTagOrder() throws {
        // ApiVersionsResponse v3 knows tags 0...3; tags 9 and 4 stand for fields a newer broker
        // might send, given out of order on purpose.
        var response = ApiVersionsResponse()
        response.finalizedFeaturesEpoch = 5  // tag 1
        response.zkMigrationReady = true  // tag 3
        response.unknownTaggedFields = [unknown(9, [0x77]), unknown(4, [0x88, 0x99])]
        var encoded = ByteBuffer()
        try response.encode(into: &encoded, version: 3)
        var reader = encoded
        // error code (2), empty compact api keys array (1), throttle (4), then the tagged section.
        reader.moveReaderIndex(forwardBy: 7)
        #expect(try reader.readUnsignedVarint() == 4)
        var tags: [UInt32] = []
        while reader.readableBytes > 0 {
            let header = try reader.readTaggedFieldHeader()
            tags.append(header.tag)
            reader.moveReaderIndex(forwardBy: header.size)
        }
        #expect(tags == [1, 3, 4, 9])

        var decodeReader = encoded
        let decoded = try ApiVersionsResponse(from: &decodeReader, version: 3)
        #expect(decoded.finalizedFeaturesEpoch == 5)
        #expect(decoded.zkMigrationReady)
        #expect(decoded.unknownTaggedFields == [unknown(4, [0x88, 0x99]), unknown(9, [0x77])])
    }

    @Test func aKnownTagIsDecodedIntoItsProperty() throws {
        // PartitionData v12 with tag 1 (CurrentLeader) written by hand.
        var buffer = ByteBuffer()
        buffer.writeKafkaInteger(Int32(0))  // partition
        buffer.writeKafkaInteger(Int16(0))  // error
        buffer.writeKafkaInteger(Int64(10))  // high watermark
        buffer.writeKafkaInteger(Int64(10))  // last stable offset
        buffer.writeKafkaInteger(Int64(0))  // log start offset
        buffer.writeUnsignedVarint(0)  // aborted transactions: null (compact)
        buffer.writeKafkaInteger(Int32(-1))  // preferred read replica
        buffer.writeUnsignedVarint(1)  // records: empty
        buffer.writeUnsignedVarint(1)  // one tagged field
        buffer.writeUnsignedVarint(1)  // tag 1
        buffer.writeUnsignedVarint(9)  // size: int32 + int32 + empty tagged section
        buffer.writeKafkaInteger(Int32(4))
        buffer.writeKafkaInteger(Int32(6))
        buffer.writeUnsignedVarint(0)
        let partition = try FetchResponse.PartitionData(from: &buffer, version: 12)
        #expect(partition.currentLeader == .init(leaderId: 4, leaderEpoch: 6))
        #expect(partition.abortedTransactions == nil)
        #expect(partition.records?.readableBytes == 0)
        #expect(partition.unknownTaggedFields.isEmpty)
    }

    @Test(arguments: [[UInt32(7), 5], [5, 5], [2, 1]])
    func tagsOutOfOrderOrRepeatedAreADecodingError(tags: [UInt32]) throws {
        // KIP-482: a section's tags are unique and ascending. Found by the fuzzer: accepting
        // [7, 5] made the message re-encode as [5, 7], a different value.
        for withKnownTags in [false, true] {
            var body = ByteBuffer()
            if withKnownTags {
                // ApiVersionsResponse v3 top level: error code, empty api keys, throttle time.
                body.writeInteger(Int16(0))
                body.writeUnsignedVarint(1)
                body.writeInteger(Int32(0))
            } else {
                // ApiVersionsResponse v3 ApiVersion struct inside a one-element array.
                body.writeInteger(Int16(0))
                body.writeUnsignedVarint(2)
                body.writeInteger(Int16(1))
                body.writeInteger(Int16(0))
                body.writeInteger(Int16(3))
            }
            body.writeUnsignedVarint(UInt32(tags.count))
            for tag in tags {
                body.writeUnsignedVarint(tag)
                body.writeUnsignedVarint(1)
                body.writeInteger(UInt8(0))
            }
            if !withKnownTags {
                body.writeInteger(Int32(0))  // throttle time
                body.writeUnsignedVarint(0)  // top-level tagged fields
            }
            #expect(throws: KafkaDecodingError.self) {
                _ = try ApiVersionsResponse(from: &body, version: 3)
            }
        }
    }

    @Test func unknownTaggedFieldsAreDroppedInNonFlexibleVersions() throws {
        let request = MetadataRequest(topics: nil, unknownTaggedFields: [unknown(3, [1])])
        var encoded = ByteBuffer()
        try request.encode(into: &encoded, version: 8)
        var reader = encoded
        let decoded = try MetadataRequest(from: &reader, version: 8)
        #expect(decoded.unknownTaggedFields.isEmpty)
    }
}

/// Per-version rules: absent fields, ignorable fields, nullability.
@Suite struct CodegenVersionRuleTests {
    @Test func aNonDefaultFieldMissingFromTheVersionIsAnError() throws {
        var buffer = ByteBuffer()
        #expect(throws: KafkaEncodingError.fieldNotSupported(field: "FetchResponse.SessionId", version: 6)) {
            try FetchResponse(sessionId: 12).encode(into: &buffer, version: 6)
        }
    }

    @Test func anIgnorableFieldMissingFromTheVersionIsDropped() throws {
        var buffer = ByteBuffer()
        try FetchResponse(errorCode: 3).encode(into: &buffer, version: 6)
        let decoded = try FetchResponse(from: &buffer, version: 6)
        #expect(decoded.errorCode == 0)
    }

    @Test func aTaggedFieldMissingFromTheVersionIsAnErrorUnlessIgnorable() throws {
        var buffer = ByteBuffer()
        #expect(throws: KafkaEncodingError.fieldNotSupported(field: "FetchResponse.NodeEndpoints", version: 15)) {
            try FetchResponse(nodeEndpoints: [.init(nodeId: 1)]).encode(into: &buffer, version: 15)
        }
    }

    @Test func nullIsRefusedWhereTheVersionDoesNotAllowIt() throws {
        // MetadataRequest.Topics is nullable from v1 on.
        var buffer = ByteBuffer()
        #expect(throws: KafkaEncodingError.nullNotAllowed(field: "MetadataRequest.Topics", version: 0)) {
            try MetadataRequest(topics: nil).encode(into: &buffer, version: 0)
        }
        try MetadataRequest(topics: nil).encode(into: &buffer, version: 1)
        #expect(try MetadataRequest(from: &buffer, version: 1).topics == nil)

        var nullAtV0 = ByteBuffer()
        nullAtV0.writeKafkaInteger(Int32(-1))
        #expect(throws: KafkaDecodingError.unexpectedNull(field: "MetadataRequest.Topics")) {
            _ = try MetadataRequest(from: &nullAtV0, version: 0)
        }
    }

    @Test func aHostileArrayCountIsRejectedBeforeAllocating() throws {
        var buffer = ByteBuffer()
        buffer.writeKafkaInteger(Int32(0))  // throttle
        buffer.writeKafkaInteger(Int32.max)  // brokers count
        #expect(throws: KafkaDecodingError.self) {
            _ = try MetadataResponse(from: &buffer, version: 1)
        }
        var compact = ByteBuffer()
        compact.writeKafkaInteger(Int32(0))
        compact.writeUnsignedVarint(UInt32.max)
        #expect(throws: KafkaDecodingError.self) {
            _ = try MetadataResponse(from: &compact, version: 12)
        }
    }

    @Test func fetchRecordsAreAZeroCopySliceOfTheInput() throws {
        var partition = FetchResponse.PartitionData(records: ByteBuffer(repeating: 0x5A, count: 4096))
        partition.partitionIndex = 1
        var encoded = ByteBuffer()
        try FetchResponse(responses: [.init(topicId: KafkaUUID(high: 1, low: 1), partitions: [partition])])
            .encode(into: &encoded, version: 16)
        let decoded = try FetchResponse(from: &encoded, version: 16)
        let records = try #require(decoded.responses.first?.partitions.first?.records)
        #expect(records.readableBytes == 4096)
        // A slice shares the storage of the buffer it came from.
        let sharesStorage = records.withUnsafeReadableBytes { recordsPointer in
            encoded.withVeryUnsafeBytes { whole in
                guard let base = whole.baseAddress, let start = recordsPointer.baseAddress else { return false }
                return start >= base && start < base + whole.count
            }
        }
        #expect(sharesStorage)
    }

    @Test func headerVersionsFollowTheFlexibleRuleExceptApiVersionsResponse() {
        #expect(FetchRequest.requestHeaderVersion(for: 11) == 1)
        #expect(FetchRequest.requestHeaderVersion(for: 12) == 2)
        #expect(FetchRequest.responseHeaderVersion(for: 11) == 0)
        #expect(FetchRequest.responseHeaderVersion(for: 12) == 1)
        #expect(ApiVersionsRequest.requestHeaderVersion(for: 3) == 2)
        #expect(ApiVersionsRequest.requestHeaderVersion(for: 2) == 1)
        for version in ApiVersionsResponse.supportedVersions {
            #expect(ApiVersionsResponse.responseHeaderVersion(for: version) == 0)
        }
        #expect(DescribeClusterRequest.requestHeaderVersion(for: 0) == 2)
        #expect(SaslHandshakeRequest.requestHeaderVersion(for: 1) == 1)
    }

    @Test func theRequestHeaderKeepsAClassicClientIdInV2() throws {
        let header = RequestHeader(requestApiKey: 18, requestApiVersion: 4, correlationId: 7, clientId: "ab")
        var encoded = ByteBuffer()
        try header.encode(into: &encoded, version: 2)
        #expect(Array(encoded.readableBytesView) == [0, 18, 0, 4, 0, 0, 0, 7, 0, 2, 0x61, 0x62, 0])
    }

    @Test func theAPITableListsEveryGeneratedAPIWithKafka4Floors() {
        for api in KafkaAPI.allCases {
            #expect(api.requestType.apiKey == api.rawValue)
            #expect(api.responseType.apiKey == api.rawValue)
            #expect(api.requestType.supportedVersions == api.supportedVersions)
        }
        #expect(KafkaAPI.produce.supportedVersions.lowerBound == 3)
        #expect(KafkaAPI.fetch.supportedVersions.lowerBound == 4)
        #expect(KafkaAPI.listOffsets.supportedVersions.lowerBound == 1)
        #expect(KafkaAPI.createTopics.supportedVersions.lowerBound == 2)
        #expect(KafkaAPI.deleteTopics.supportedVersions.lowerBound == 1)
        #expect(KafkaAPI.describeConfigs.supportedVersions.lowerBound == 1)
        #expect(KafkaAPI.apiVersions.supportedVersions.lowerBound == 0)
        #expect(ObjectIdentifier(KafkaAPI.fetch.requestType) == ObjectIdentifier(FetchRequest.self))
        #expect(KafkaAPI.describeCluster.rawValue == 60)
        #expect(KafkaAPI.incrementalAlterConfigs.name == "IncrementalAlterConfigs")
    }
}
