@testable import Gregor
import Testing

@Suite struct ConnectionNegotiationTests {
    private func range(_ api: KafkaAPI, _ min: Int16, _ max: Int16) -> ApiVersionsResponse.ApiVersion {
        ApiVersionsResponse.ApiVersion(apiKey: api.rawValue, minVersion: min, maxVersion: max)
    }

    @Test func highestCommonVersionIsTheSmallerMaximumWhenRangesOverlap() {
        #expect(KafkaNegotiatedVersions.highestCommon(3...11, 0...9) == 9)
        #expect(KafkaNegotiatedVersions.highestCommon(3...11, 5...20) == 11)
        #expect(KafkaNegotiatedVersions.highestCommon(3...11, 0...2) == nil)
        #expect(KafkaNegotiatedVersions.highestCommon(4...17, 17...17) == 17)
    }

    @Test func negotiationPicksThePerApiHighestCommonVersion() {
        let versions = KafkaNegotiatedVersions(
            brokerVersions: [range(.produce, 0, 11), range(.fetch, 0, 13), range(.metadata, 0, 9)],
            gregorVersions: [.produce: 3...11, .fetch: 4...17, .metadata: 0...12])
        #expect(versions.version(for: .produce) == 11)
        #expect(versions.version(for: .fetch) == 13)
        #expect(versions.version(for: .metadata) == 9)
    }

    @Test func aBrokerBelowTheFloorGivesUnsupportedVersionNamingTheApi() {
        let versions = KafkaNegotiatedVersions(
            brokerVersions: [range(.produce, 0, 2)], gregorVersions: [.produce: 3...11])
        #expect(versions.version(for: .produce) == nil)
        #expect {
            try versions.requireVersion(for: .produce)
        } throws: { error in
            guard let error = error as? KafkaError else { return false }
            return error.kind == .unsupportedVersion && error.message.contains("Produce") && error.message.contains("v0-2")
        }
    }

    @Test func anApiTheBrokerLacksGivesUnsupportedVersionNamingTheApi() {
        let versions = KafkaNegotiatedVersions(brokerVersions: [range(.metadata, 0, 12)], gregorVersions: [.createPartitions: 0...3])
        #expect {
            try versions.requireVersion(for: .createPartitions)
        } throws: { error in
            (error as? KafkaError)?.kind == .unsupportedVersion && (error as? KafkaError)?.message.contains("CreatePartitions") == true
        }
    }

    @Test func anExplicitVersionMustBeInBothRanges() throws {
        let versions = KafkaNegotiatedVersions(brokerVersions: [range(.metadata, 1, 9)], gregorVersions: [.metadata: 0...12])
        #expect(try versions.resolve(.metadata, requested: 4) == 4)
        #expect(try versions.resolve(.metadata, requested: nil) == 9)
        #expect(throws: KafkaError.self) { try versions.resolve(.metadata, requested: 10) }
        #expect(throws: KafkaError.self) { try versions.resolve(.metadata, requested: 0) }
    }

    @Test func anInvertedBrokerRangeCountsAsAbsent() {
        let versions = KafkaNegotiatedVersions(brokerVersions: [range(.metadata, 9, 1)], gregorVersions: [.metadata: 0...12])
        #expect(versions.version(for: .metadata) == nil)
        #expect(versions.brokerRanges[KafkaAPI.metadata.rawValue] == nil)
    }

    @Test func gregorsDefaultRangesStartAtKafka4Floor() {
        let ranges = KafkaNegotiatedVersions.gregorSupportedVersions
        #expect(ranges[.produce]?.lowerBound == 3)
        #expect(ranges[.fetch]?.lowerBound == 4)
        #expect(ranges[.listOffsets]?.lowerBound == 1)
    }
}
