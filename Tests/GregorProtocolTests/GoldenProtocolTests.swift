import Foundation
import NIOCore
import Testing
@testable import GregorProtocol

/// Gregor's encoders and decoders against bytes written by an independent implementation,
/// kafka-python 3.0.12 (scripts/gen-golden-fixtures.py; fixtures in Fixtures/golden).
@Suite struct GoldenProtocolTests {
    /// The generated type of each fixture name prefix.
    static let types: [String: any CodegenSampleable.Type] = [
        "api-versions-request": ApiVersionsRequest.self, "api-versions-response": ApiVersionsResponse.self,
        "metadata-request": MetadataRequest.self, "metadata-response": MetadataResponse.self,
        "produce-request": ProduceRequest.self, "produce-response": ProduceResponse.self,
        "fetch-request": FetchRequest.self, "fetch-response": FetchResponse.self,
        "list-offsets-request": ListOffsetsRequest.self, "list-offsets-response": ListOffsetsResponse.self,
        "init-producer-id-request": InitProducerIdRequest.self, "init-producer-id-response": InitProducerIdResponse.self,
        "sasl-handshake-request": SaslHandshakeRequest.self, "sasl-handshake-response": SaslHandshakeResponse.self,
        "sasl-authenticate-request": SaslAuthenticateRequest.self, "sasl-authenticate-response": SaslAuthenticateResponse.self,
        "create-topics-request": CreateTopicsRequest.self, "create-topics-response": CreateTopicsResponse.self,
        "delete-topics-request": DeleteTopicsRequest.self, "delete-topics-response": DeleteTopicsResponse.self,
        "create-partitions-request": CreatePartitionsRequest.self, "create-partitions-response": CreatePartitionsResponse.self,
        "describe-configs-request": DescribeConfigsRequest.self, "describe-configs-response": DescribeConfigsResponse.self,
        "alter-configs-request": AlterConfigsRequest.self, "alter-configs-response": AlterConfigsResponse.self,
        "incremental-alter-configs-request": IncrementalAlterConfigsRequest.self,
        "incremental-alter-configs-response": IncrementalAlterConfigsResponse.self,
        "delete-records-request": DeleteRecordsRequest.self, "delete-records-response": DeleteRecordsResponse.self,
        "describe-cluster-request": DescribeClusterRequest.self, "describe-cluster-response": DescribeClusterResponse.self,
    ]

    @Test func theFixturesCoverEveryAPIFlexibleAndNot() throws {
        let fixtures = try GoldenFixtures.bodyFixtures()
        #expect(fixtures.count >= 100)
        let prefixes = Set(fixtures.map { "\($0.api)-\($0.kind)" })
        #expect(prefixes == Set(Self.types.keys))
        for prefix in prefixes {
            guard let type = Self.types[prefix] else { continue }
            let versions = fixtures.filter { "\($0.api)-\($0.kind)" == prefix }.map(\.version)
            #expect(versions.count >= 2, "\(prefix) has fewer than two versions")
            if let first = Self.firstFlexibleVersion(type), type.supportedVersions.lowerBound < first {
                #expect(versions.contains { $0 >= first } && versions.contains { $0 < first },
                        "\(prefix) lacks a flexible or a non-flexible version")
            }
        }
    }

    @Test func gregorDecodesEveryFixtureToKafkaPythonsValuesAndReencodesItByteForByte() throws {
        for fixture in try GoldenFixtures.bodyFixtures() {
            let name = "\(fixture.api)-\(fixture.kind)-v\(fixture.version)"
            let type = try #require(Self.types["\(fixture.api)-\(fixture.kind)"], "no type for \(name)")
            try decodeAndCompare(type, name: name, version: fixture.version)
        }
    }

    private func decodeAndCompare<M: CodegenSampleable>(_: M.Type, name: String, version: Int16) throws {
        let bytes = try GoldenFixtures.bytes(name)
        var reader = bytes
        let decoded = try M(from: &reader, version: version)
        #expect(reader.readableBytes == 0, "\(name): \(reader.readableBytes) bytes left over")
        var comparator = GoldenValueComparator()
        comparator.compare(decoded, try GoldenFixtures.json(name), path: name)
        #expect(comparator.differences.isEmpty, "\(name): \(comparator.differences.joined(separator: "; "))")
        var reencoded = ByteBuffer()
        try decoded.encode(into: &reencoded, version: version)
        #expect(GoldenFixtures.hex(reencoded) == GoldenFixtures.hex(bytes), "\(name) re-encodes differently")
    }

    @Test func valuesBuiltInSwiftEncodeToKafkaPythonsBytes() throws {
        let fixtures = try GoldenFixtures.bodyFixtures()
        var checked = 0
        for fixture in fixtures {
            let name = "\(fixture.api)-\(fixture.kind)-v\(fixture.version)"
            let value = try #require(GoldenValues.value(for: "\(fixture.api)-\(fixture.kind)", version: fixture.version),
                                     "no Swift builder for \(name)")
            var encoded = ByteBuffer()
            do {
                try value.encode(into: &encoded, version: fixture.version)
            } catch {
                Issue.record("\(name): \(error)")
                continue
            }
            let expected = try GoldenFixtures.bytes(name)
            #expect(GoldenFixtures.hex(encoded) == GoldenFixtures.hex(expected), "\(name): Gregor's bytes differ")
            checked += 1
        }
        #expect(checked == fixtures.count)
    }

    @Test func requestHeadersMatchKafkaPython() throws {
        let header = RequestHeader(requestApiKey: 3, requestApiVersion: 12, correlationId: 0x0102_0304, clientId: "gregor-golden")
        for version: Int16 in [1, 2] {
            var encoded = ByteBuffer()
            try header.encode(into: &encoded, version: version)
            let expected = try GoldenFixtures.bytes("request-header-v\(version)")
            #expect(encoded == expected, "request header v\(version)")
            var reader = expected
            #expect(try RequestHeader(from: &reader, version: version) == header)
        }
        let nullClient = RequestHeader(requestApiKey: 3, requestApiVersion: 12, correlationId: -7, clientId: nil)
        var encoded = ByteBuffer()
        try nullClient.encode(into: &encoded, version: 2)
        #expect(encoded == (try GoldenFixtures.bytes("request-header-v2-null-client-id")))
    }

    @Test func responseHeadersMatchKafkaPython() throws {
        let header = ResponseHeader(correlationId: 0x0102_0304)
        for version: Int16 in [0, 1] {
            var encoded = ByteBuffer()
            try header.encode(into: &encoded, version: version)
            let expected = try GoldenFixtures.bytes("response-header-v\(version)")
            #expect(encoded == expected, "response header v\(version)")
            var reader = expected
            #expect(try ResponseHeader(from: &reader, version: version) == header)
        }
    }

    private static func firstFlexibleVersion(_ type: any CodegenSampleable.Type) -> Int16? {
        (type as? any KafkaMessage.Type)?.firstFlexibleVersion
    }
}
