import Foundation
import Gregor
import GregorProtocol

/// Connects the fetch engine to the stream: decodes each partition's answer into a chunk for the
/// merge, and pauses partitions over their share of the memory budget.
struct StreamFetchHandler: FetchHandler {
    /// Weak: the engine must not keep a stream its owner dropped (its deinit stops the engine).
    weak var stream: KafkaStream?

    func handle(_ records: inout FetchedRecords) async {
        guard let stream else { return }
        // Sized from the answer so that the value buffer does not grow by doubling (the memory
        // budget counts the finished chunk; the builder is transient).
        let bytes = records.records.readableBytes
        let rows = max(16, bytes / 128)
        var builder = MessageBatchBuilder(capacity: rows, averageMessageSize: max(1, bytes / rows))
        do {
            try records.decode(into: &builder)
        } catch {
            // The engine fails the partition and reports it as an event.
            return
        }
        let chunk = builder.count > 0 ? builder.finish() : nil
        await stream.receive(chunk, partition: records.partition, position: records.nextPosition)
    }

    func handle(_ event: FetchEvent) async {
        guard let stream else { return }
        switch event {
        case .partitionFailed(let partition, let error):
            stream.fail(KafkaError(error.kind, "\(partition): \(error.message)", broker: error.broker, topic: partition.topic, partition: partition.partition))
        case .positionReset(let partition, let from, let to):
            if let from {
                stream.logger.warning("offset out of range: the position moved", metadata: ["kafka.partition": "\(partition)", "from": "\(from)", "to": "\(to)"])
            }
        }
    }
}

extension KafkaStream {
    /// The wall clock in ms (the merge's clock for the lateness window).
    static var nowMilliseconds: Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Takes one partition's answer: into the merge, as far as possible into the output batch;
    /// wakes waiting polls when a full batch is ready or the replay ended; pauses partitions.
    func receive(_ chunk: MessageBatch?, partition: StreamPartition, position: Int64) async {
        let now = Self.nowMilliseconds
        let bounded = configuration.bounded
        let outcome = shared.withLock { shared -> (waiters: [CheckedContinuation<Void, Never>], changes: BackpressureChanges?, replayEnded: Bool, failure: KafkaError?)? in
            guard case .running = shared.status, shared.failure == nil, shared.core != nil else { return nil }
            let wasLive = shared.core?.isLive ?? false
            var failure: KafkaDecodingError?
            let changes = shared.withCore { core in
                _ = core.receive(chunk, partition: partition, position: position, now: now)
                do throws(KafkaDecodingError) { try core.fill(now: now, replayOnly: bounded) } catch { failure = error }
                return core.backpressure()
            }
            if let failure { return ([], nil, false, KafkaError(.decoding(failure), "the stream's output batch overflowed")) }
            let wake = (shared.core?.hasFullBatch ?? false) || (!wasLive && (shared.core?.isLive ?? false))
            let replayEnded = bounded && (shared.core?.isLive ?? false)
            return (wake ? shared.wakeAll() : [], changes.flatMap { $0 }, replayEnded, nil)
        }
        guard let outcome else { return }
        if let failure = outcome.failure {
            fail(failure)
            return
        }
        for waiter in outcome.waiters { waiter.resume() }
        if outcome.replayEnded, let engine = io.withLock({ $0.engine }) {
            // A bounded stream needs nothing past the replay: stop fetching.
            await engine.stop()
            return
        }
        await apply(outcome.changes)
    }
}

extension KafkaStream {
    /// Tells the fetch engine which partitions to leave out of Fetch requests.
    func apply(_ changes: BackpressureChanges?) async {
        guard let changes, let engine = io.withLock({ $0.engine }) else { return }
        await engine.setPaused(changes.paused, generation: changes.generation)
    }
}

extension StreamShared {
    /// Runs `body` on the core when there is one.
    mutating func withCore<Result>(_ body: (inout StreamCore) -> Result) -> Result? {
        guard var core = self.core.take() else { return nil }
        let result = body(&core)
        self.core = consume core
        return result
    }
}
