import Gregor
@testable import GregorTables
import Testing

@Suite struct TopicChangeDecisionTests {
    let id = KafkaUUID(high: 1, low: 2)

    func metadata(id: KafkaUUID, partitions: [Int32]) -> TopicMetadata {
        TopicMetadata(name: "t", topicId: id, partitions: Dictionary(uniqueKeysWithValues: partitions.map { ($0, PartitionMetadata(partition: $0, leader: 1)) }))
    }

    @Test func samePartitionsAndIdChangeNothing() {
        #expect(TopicChangeDecision.decide(knownTopicId: id, knownPartitions: [0, 1], metadata: metadata(id: id, partitions: [0, 1])) == .none)
    }

    @Test func addedPartitionsAreReadInOrder() {
        let decision = TopicChangeDecision.decide(knownTopicId: id, knownPartitions: [0, 1], metadata: metadata(id: id, partitions: [3, 0, 2, 1]))
        #expect(decision == .readAddedPartitions([2, 3]))
    }

    @Test func aNewTopicIdRebuildsEvenWithNewPartitions() {
        let other = KafkaUUID(high: 9, low: 9)
        guard case .rebuild(let reason) = TopicChangeDecision.decide(knownTopicId: id, knownPartitions: [0], metadata: metadata(id: other, partitions: [0, 1])) else {
            Issue.record("expected a rebuild")
            return
        }
        #expect(reason.contains("\(id)") && reason.contains("\(other)"))
    }

    @Test func anUnreportedIdIsNoChange() {
        #expect(TopicChangeDecision.decide(knownTopicId: id, knownPartitions: [0], metadata: metadata(id: .zero, partitions: [0])) == .none)
        #expect(TopicChangeDecision.decide(knownTopicId: .zero, knownPartitions: [0], metadata: metadata(id: id, partitions: [0, 1])) == .readAddedPartitions([1]))
    }

    @Test func aPartitionMissingFromMetadataIsNotARemoval() {
        // A partial answer (a partition without a leader left out) never shrinks what is read.
        #expect(TopicChangeDecision.decide(knownTopicId: id, knownPartitions: [0, 1, 2], metadata: metadata(id: id, partitions: [0, 2])) == .none)
    }
}
