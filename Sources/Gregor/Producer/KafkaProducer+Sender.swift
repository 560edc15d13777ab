import Logging
import NIOCore

extension KafkaProducer {
    /// The sender loop: asks the state what to do, starts requests (each in its own child task),
    /// InitProducerId and metadata refreshes, then waits for a signal or the next deadline.
    func runSender() async {
        await withDiscardingTaskGroup { group in
            while true {
                let step = state.withLock { $0.nextStep(now: .now()) }
                perform(step)
                for request in step.requests {
                    group.addTask { await self.send(request) }
                }
                if step.startInitProducerId {
                    group.addTask { await self.initProducerId() }
                }
                if !step.refreshTopics.isEmpty {
                    let topics = step.refreshTopics
                    group.addTask { await self.refreshMetadata(topics: topics) }
                }
                if step.finished { break }
                await wakeup.wait(until: step.nextWakeup)
            }
        }
        logger.debug("producer sender stopped")
    }

    /// Delivers completions and resumes waiters outside the lock.
    func perform(_ step: ProducerState.SenderStep) {
        for completion in step.completions {
            completion.deliver()
            metrics.record(completion)
        }
        if step.retriedBatches > 0 { metrics.retries.increment(by: step.retriedBatches) }
        for waiter in step.resumeBufferWaiters { waiter.resume() }
        for waiter in step.resumeFlushWaiters { waiter.resume() }
    }

    /// Sends one Produce request and hands the per-batch outcomes back to the state.
    func send(_ request: RecordAccumulator<DeliveryWaiter>.DrainedRequest) async {
        var batches = request.batches
        var results = [ProducerState.BatchResult?](repeating: nil, count: batches.count)
        var topicOrder: [String] = []
        var partitionsByTopic: [String: [ProduceRequest.PartitionProduceData]] = [:]
        for index in batches.indices {
            do {
                let records = try batches[index].encode()
                let topic = batches[index].partition.topic
                if partitionsByTopic[topic] == nil { topicOrder.append(topic) }
                partitionsByTopic[topic, default: []].append(
                    ProduceRequest.PartitionProduceData(index: batches[index].partition.partition, records: records))
            } catch {
                results[index] = .failed(error)
            }
        }
        let produce = ProduceRequest(
            transactionalId: nil, acks: configuration.acks.wireValue,
            timeoutMs: Int32(clamping: configuration.requestTimeout.components.seconds * 1000
                + configuration.requestTimeout.components.attoseconds / 1_000_000_000_000_000),
            topicData: topicOrder.map { ProduceRequest.TopicProduceData(name: $0, partitionData: partitionsByTopic[$0] ?? []) })

        if !produce.topicData.isEmpty {
            do {
                let connection = try await cluster.connection(toNode: request.node, purpose: .data)
                if configuration.acks == .none {
                    try await connection.sendWithoutResponse(produce, version: nil)
                    for index in batches.indices where results[index] == nil { results[index] = .written(baseOffset: -1, logAppendTime: -1) }
                } else {
                    // The broker may wait up to timeoutMs for replication before it answers.
                    let response = try await connection.send(produce, extraTimeout: configuration.requestTimeout)
                    Self.match(response, to: batches, into: &results, broker: connection.brokerDescription)
                }
            } catch {
                let failure = KafkaCluster.asKafkaError(error)
                logger.debug("produce request to node \(request.node) failed: \(failure)")
                for index in batches.indices where results[index] == nil { results[index] = .failed(failure) }
            }
        }

        let finalResults = results.map { $0 ?? .failed(KafkaError(.protocolViolation, "no outcome for the batch")) }
        let step = state.withLock {
            $0.finishRequest(node: request.node, batches: batches, results: finalResults, now: .now(), random: Double.random(in: 0..<1))
        }
        batches.removeAll()
        perform(step)
        wakeup.signal()
    }

    /// Fills `results` from a Produce response: each batch gets its partition's outcome; a
    /// partition missing from the response counts as a retriable network error.
    static func match(
        _ response: ProduceResponse, to batches: [ProducerBatch<DeliveryWaiter>], into results: inout [ProducerState.BatchResult?],
        broker: String
    ) {
        var byPartition: [ProducerTopicPartition: ProduceResponse.PartitionProduceResponse] = [:]
        for topic in response.responses {
            for partition in topic.partitionResponses {
                byPartition[ProducerTopicPartition(topic: topic.name, partition: partition.index)] = partition
            }
        }
        for index in batches.indices where results[index] == nil {
            let key = batches[index].partition
            guard let answer = byPartition[key] else {
                results[index] = .failed(KafkaError(.broker(.networkException), "the Produce response did not mention the partition", broker: broker))
                continue
            }
            if let error = KafkaError.broker(answer.errorCode, answer.errorMessage ?? Self.recordErrorsText(answer), broker: broker) {
                results[index] = .failed(error)
            } else {
                results[index] = .written(baseOffset: answer.baseOffset, logAppendTime: answer.logAppendTimeMs)
            }
        }
    }

    private static func recordErrorsText(_ answer: ProduceResponse.PartitionProduceResponse) -> String? {
        guard !answer.recordErrors.isEmpty else { return nil }
        let listed = answer.recordErrors.prefix(3).map { "record \($0.batchIndex): \($0.batchIndexErrorMessage ?? "invalid")" }
        return "rejected " + listed.joined(separator: "; ")
    }

    /// Runs InitProducerId (a first id, or an epoch bump with the current id and epoch).
    func initProducerId() async {
        let result: Result<(producerId: Int64, producerEpoch: Int16), KafkaError>
        do {
            let connection = try await cluster.anyConnection(purpose: .control)
            let version = connection.negotiatedVersions.version(for: .initProducerId)
            let fields = state.withLock { state in
                state.initFromScratch
                    ? (producerId: Int64(-1), producerEpoch: Int16(-1))
                    : (state.idempotence ?? IdempotentProducerState()).initProducerIdFields(supportsBump: (version ?? 0) >= 3)
            }
            let response = try await connection.send(InitProducerIdRequest(
                transactionalId: nil, transactionTimeoutMs: Int32.max, producerId: fields.producerId, producerEpoch: fields.producerEpoch))
            if let error = KafkaError.broker(response.errorCode, broker: connection.brokerDescription) {
                result = .failure(error)
            } else {
                logger.debug("producer id \(response.producerId) epoch \(response.producerEpoch)")
                result = .success((response.producerId, response.producerEpoch))
            }
        } catch {
            result = .failure(KafkaCluster.asKafkaError(error))
        }
        if case .failure(let error) = result { logger.debug("InitProducerId failed: \(error)") }
        state.withLock { $0.producerIdResult(result, now: .now(), random: Double.random(in: 0..<1)) }
        wakeup.signal()
    }

    /// Refreshes metadata for topics whose leaders are unknown or moved.
    func refreshMetadata(topics: [String]) async {
        for topic in topics { await cluster.invalidateMetadata(topic: topic) }
        var snapshot: ClusterMetadata?
        do {
            snapshot = try await cluster.metadata(topics: topics, refresh: true)
        } catch {
            logger.debug("metadata refresh for \(topics) failed: \(error)")
        }
        let fetched = snapshot
        state.withLock { $0.refreshResult(topics: topics, metadata: fetched, now: .now()) }
        wakeup.signal()
    }

    /// Loads a topic's partition count before its first record (waiting up to `metadataWait` for a
    /// topic that does not exist yet or has no leaders).
    func loadTopic(_ topic: String, partition: Int32?) async throws {
        let deadline = ContinuousClock.now + configuration.metadataWait
        var attempt = 0
        while true {
            var lastError: KafkaError
            do {
                let snapshot = try await cluster.metadata(topics: [topic], refresh: attempt > 0)
                let known = state.withLock { state -> Bool in
                    state.updateRouting(topic: topic, metadata: snapshot)
                    guard let routing = state.topics[topic] else { return false }
                    return partition.map { $0 < routing.partitionCount } ?? true
                }
                if known { return }
                if let error = snapshot.topics[topic]?.error {
                    guard error.isRetriable || error.errorCode == .unknownTopicOrPartition else { throw error }
                    lastError = error
                } else if let partition, let count = snapshot.topics[topic]?.partitionCount, count > 0 {
                    lastError = KafkaError(.unknownTopicOrPartition, "topic \(topic) has \(count) partitions; \(partition) does not exist", topic: topic, partition: partition)
                } else {
                    lastError = KafkaError(.unknownTopicOrPartition, "topic \(topic) does not exist", topic: topic)
                }
            } catch let error as KafkaError where error.isRetriable {
                lastError = error
            }
            let delay = configuration.retryBackoff.delay(attempt: attempt, random: Double.random(in: 0..<1))
            guard ContinuousClock.now + delay < deadline else {
                if lastError.kind == .broker(.unknownTopicOrPartition) { lastError.kind = .unknownTopicOrPartition }
                throw lastError
            }
            attempt += 1
            try? await Task.sleep(for: delay)
        }
    }
}
