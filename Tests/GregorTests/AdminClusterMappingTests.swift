@testable import Gregor
import Testing

/// DescribeCluster and its Metadata fallback, from generated response values built by hand.
@Suite struct AdminClusterMappingTests {
    @Test func describeClusterResponseBecomesADescription() throws {
        let response = DescribeClusterResponse(
            errorCode: 0, clusterId: "abc", controllerId: 2,
            brokers: [.init(brokerId: 3, host: "h3", port: 9094, rack: "r1"), .init(brokerId: 1, host: "h1", port: 9092, rack: nil)]
        )
        let description = try DescribeClusterMapping.description(response)
        #expect(description.clusterId == "abc")
        #expect(description.controllerId == 2)
        #expect(description.brokers == [BrokerDescription(nodeId: 1, host: "h1", port: 9092), BrokerDescription(nodeId: 3, host: "h3", port: 9094, rack: "r1")])
    }

    @Test func describeClusterErrorIsThrownAsABrokerError() {
        let response = DescribeClusterResponse(errorCode: 31, errorMessage: "denied", clusterId: "", controllerId: -1, brokers: [])
        #expect {
            _ = try DescribeClusterMapping.description(response, broker: "node 1")
        } throws: { error in
            guard let error = error as? KafkaError else { return false }
            return error.kind == .broker(.clusterAuthorizationFailed) && error.message == "denied" && error.broker == "node 1"
        }
    }

    @Test func metadataFallbackGivesTheSameShape() {
        let response = MetadataResponse(brokers: [.init(nodeId: 111, host: "127.0.0.1", port: 9092, rack: nil)], clusterId: nil, controllerId: -1, topics: [])
        let description = DescribeClusterMapping.description(response)
        #expect(description.clusterId == nil)
        #expect(description.controllerId == nil)
        #expect(description.brokers.map(\.nodeId) == [111])
        #expect(description.brokers.first?.description == "node 111 at 127.0.0.1:9092")
    }

    @Test func fallbackMetadataRequestAsksForNoTopicsAndCreatesNone() {
        let request = DescribeClusterMapping.metadataRequest()
        #expect(request.topics?.isEmpty == true)
        #expect(!request.allowAutoTopicCreation)
    }
}
