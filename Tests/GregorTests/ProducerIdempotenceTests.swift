import Testing

@testable import Gregor

/// The pure `IdempotentProducerState`: sequence numbers, and what each Produce error means for a
/// sequenced batch (Kafka's rules for the idempotent producer).
@Suite("Producer idempotence state")
struct ProducerIdempotenceTests {
    let p0 = ProducerTopicPartition(topic: "t", partition: 0)
    let p1 = ProducerTopicPartition(topic: "t", partition: 1)

    func ready(id: Int64 = 1000, epoch: Int16 = 0) -> IdempotentProducerState {
        var state = IdempotentProducerState()
        state.producerIdAssigned(producerId: id, producerEpoch: epoch)
        return state
    }

    @Test("a new producer needs an id and asks for a fresh one")
    func needsId() {
        let state = IdempotentProducerState()
        #expect(state.needsProducerId)
        #expect(!state.canSend)
        #expect(state.initProducerIdFields(supportsBump: true) == (-1, -1))
    }

    @Test("sequences count records per partition from 0")
    func sequences() {
        var state = ready()
        #expect(state.assignSequence(for: p0, recordCount: 3) == BatchSequence(producerId: 1000, producerEpoch: 0, baseSequence: 0))
        #expect(state.assignSequence(for: p0, recordCount: 2).baseSequence == 3)
        #expect(state.assignSequence(for: p1, recordCount: 4).baseSequence == 0)
        #expect(state.assignSequence(for: p0, recordCount: 1).baseSequence == 5)
    }

    @Test("sequence arithmetic wraps past Int32.max to 0 as Kafka's does")
    func wrap() {
        #expect(IdempotentProducerState.increment(Int32.max, by: 1) == 0)
        #expect(IdempotentProducerState.increment(Int32.max - 1, by: 3) == 1)
        #expect(IdempotentProducerState.increment(10, by: 5) == 15)
    }

    @Test("success and DUPLICATE_SEQUENCE_NUMBER both count as written and advance the expected sequence")
    func success() {
        var state = ready()
        let first = state.assignSequence(for: p0, recordCount: 3)
        let second = state.assignSequence(for: p0, recordCount: 2)
        #expect(state.outcome(for: p0, sequence: first, recordCount: 3, error: nil) == .success)
        #expect(state.expectedSequence(for: p0) == 3)
        #expect(state.outcome(for: p0, sequence: second, recordCount: 2, error: .duplicateSequenceNumber) == .success)
        #expect(state.expectedSequence(for: p0) == 5)
        #expect(state.canSend)
    }

    @Test("retriable errors retry with the same sequence and no epoch bump")
    func retriable() {
        var state = ready()
        let sequence = state.assignSequence(for: p0, recordCount: 1)
        for code in [KafkaErrorCode.notLeaderOrFollower, .requestTimedOut, .networkException, .notEnoughReplicas] {
            #expect(state.outcome(for: p0, sequence: sequence, recordCount: 1, error: code) == .retry(resetSequence: false))
        }
        #expect(state.canSend)
    }

    @Test("UNKNOWN_PRODUCER_ID requests an epoch bump with the current id and epoch, then retries")
    func unknownProducerId() {
        var state = ready(id: 77, epoch: 4)
        let sequence = state.assignSequence(for: p0, recordCount: 1)
        #expect(state.outcome(for: p0, sequence: sequence, recordCount: 1, error: .unknownProducerId) == .retry(resetSequence: false))
        #expect(!state.canSend)
        #expect(state.initProducerIdFields(supportsBump: true) == (77, 4))
        #expect(state.initProducerIdFields(supportsBump: false) == (-1, -1))
        state.producerIdAssigned(producerId: 77, producerEpoch: 5)
        #expect(state.canSend)
        // Sequences restart at 0 under the new epoch, for every partition.
        #expect(state.assignSequence(for: p0, recordCount: 1) == BatchSequence(producerId: 77, producerEpoch: 5, baseSequence: 0))
        #expect(state.assignSequence(for: p1, recordCount: 1).baseSequence == 0)
    }

    @Test("OUT_OF_ORDER_SEQUENCE_NUMBER bumps the epoch only for the batch right after the last acknowledged one")
    func outOfOrder() {
        var state = ready()
        let a = state.assignSequence(for: p0, recordCount: 2)  // 0-1
        let b = state.assignSequence(for: p0, recordCount: 2)  // 2-3
        let c = state.assignSequence(for: p0, recordCount: 2)  // 4-5
        #expect(state.outcome(for: p0, sequence: a, recordCount: 2, error: nil) == .success)
        // c is not next (b is): an artifact of b's trouble, retry without bump.
        #expect(state.outcome(for: p0, sequence: c, recordCount: 2, error: .outOfOrderSequenceNumber) == .retry(resetSequence: false))
        #expect(state.canSend)
        // b is next yet out of order: a real gap on the broker, bump.
        #expect(state.outcome(for: p0, sequence: b, recordCount: 2, error: .outOfOrderSequenceNumber) == .retry(resetSequence: false))
        #expect(!state.canSend)
    }

    @Test("a sequenced batch failing for good requests an epoch bump (its sequence is a gap)")
    func fatalError() {
        var state = ready()
        let sequence = state.assignSequence(for: p0, recordCount: 1)
        #expect(state.outcome(for: p0, sequence: sequence, recordCount: 1, error: .messageTooLarge) == .fail(.messageTooLarge))
        #expect(state.needsProducerId)
        var other = ready()
        let abandoned = other.assignSequence(for: p0, recordCount: 1)
        other.batchAbandoned(sequence: abandoned)
        #expect(other.needsProducerId)
    }

    @Test("a response for a batch of an older epoch retries with a fresh sequence")
    func staleEpoch() {
        var state = ready(id: 5, epoch: 0)
        let old = state.assignSequence(for: p0, recordCount: 1)
        state.requestEpochBump()
        state.producerIdAssigned(producerId: 5, producerEpoch: 1)
        #expect(!state.isCurrent(old))
        #expect(state.outcome(for: p0, sequence: old, recordCount: 1, error: .notLeaderOrFollower) == .retry(resetSequence: true))
        #expect(state.canSend)
    }
}
