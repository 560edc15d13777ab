import NIOCore
import Testing
@testable import GregorProtocol

/// decode ∘ encode for every generated type at every supported version.
@Suite struct RoundTripTests {
    @Test func everyGeneratedTypeRoundTripsAtEveryVersion() throws {
        // A request and a response per API, plus the two headers.
        #expect(codegenSampleTypes.count == KafkaAPI.allCases.count * 2 + 2)
        for type in codegenSampleTypes {
            try roundTrip(type)
        }
    }

    private func roundTrip<M: CodegenSampleable>(_: M.Type) throws {
        for version in M.supportedVersions {
            let sample = M.codegenSample(version: version)
            var encoded = ByteBuffer()
            try sample.encode(into: &encoded, version: version)
            if encoded.readableBytes > 0 {  // ApiVersionsRequest v0-2 has no field at all
                #expect(sample != M.codegenDefault(), "\(M.self) v\(version) sample is all defaults")
            }
            var reader = encoded
            let decoded = try M(from: &reader, version: version)
            #expect(reader.readableBytes == 0, "\(M.self) v\(version) left \(reader.readableBytes) bytes")
            #expect(decoded == sample, "\(M.self) v\(version) decodes to a different value")
            var reencoded = ByteBuffer()
            try decoded.encode(into: &reencoded, version: version)
            #expect(reencoded == encoded, "\(M.self) v\(version) re-encodes to different bytes")
        }
    }

    @Test func everyTruncatedPrefixIsATypedError() throws {
        for type in codegenSampleTypes {
            try truncations(type)
        }
    }

    private func truncations<M: CodegenSampleable>(_: M.Type) throws {
        for version in M.supportedVersions {
            var encoded = ByteBuffer()
            try M.codegenSample(version: version).encode(into: &encoded, version: version)
            for length in 0..<encoded.readableBytes {
                var prefix = encoded.getSlice(at: encoded.readerIndex, length: length) ?? ByteBuffer()
                #expect(throws: KafkaDecodingError.self, "\(M.self) v\(version) prefix \(length)") {
                    _ = try M(from: &prefix, version: version)
                }
            }
        }
    }

    @Test func corruptedInputsDecodeOrFailWithATypedError() throws {
        var random = SplitMix64(seed: 0x6772_6567_6f72)
        for type in codegenSampleTypes {
            try corruptions(type, random: &random)
        }
    }

    private func corruptions<M: CodegenSampleable>(_: M.Type, random: inout SplitMix64) throws {
        for version in M.supportedVersions {
            var encoded = ByteBuffer()
            try M.codegenSample(version: version).encode(into: &encoded, version: version)
            let bytes = Array(encoded.readableBytesView)
            guard !bytes.isEmpty else { continue }
            for _ in 0..<200 {
                var corrupted = bytes
                for _ in 0..<Int(random.next() % 4 + 1) {
                    let index = Int(random.next() % UInt64(corrupted.count))
                    corrupted[index] = UInt8(truncatingIfNeeded: random.next())
                }
                var buffer = ByteBuffer(bytes: corrupted)
                // Either outcome is fine; a trap is not (typed throws: nothing else can escape).
                do {
                    let value = try M(from: &buffer, version: version)
                    var reencoded = ByteBuffer()
                    try? value.encode(into: &reencoded, version: version)
                } catch {
                    _ = error.description
                }
            }
        }
    }

    @Test func versionsOutsideTheSupportedRangeAreRejected() throws {
        var buffer = ByteBuffer()
        #expect(throws: KafkaEncodingError.unsupportedVersion(message: "ProduceRequest", version: 2, supported: 3...11)) {
            try ProduceRequest().encode(into: &buffer, version: 2)
        }
        #expect(throws: KafkaDecodingError.unsupportedVersion(message: "FetchResponse", version: 18, supported: 4...17)) {
            _ = try FetchResponse(from: &buffer, version: 18)
        }
    }
}
