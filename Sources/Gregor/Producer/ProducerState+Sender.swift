import NIOCore

extension ProducerState {
    /// Decides the sender's next step: requests to send (sequences assigned), expired batches to
    /// fail, InitProducerId or metadata refreshes to start, and when to look again.
    mutating func nextStep(now: NIODeadline) -> SenderStep {
        var step = SenderStep()
        if let error = fatalError ?? (isAbandoning ? KafkaError(.shutDown, "the producer closed before the record was sent") : nil) {
            for batch in accumulator.removeAllQueued() { step.completions.append(completion(for: batch, error: error)) }
        }

        var canSend = true
        if let idempotence, fatalError == nil, !isAbandoning {
            canSend = idempotence.canSend
            if idempotence.needsProducerId, !initInProgress {
                // An epoch bump waits for every in-flight request to come back (Kafka's rule).
                if inFlightRequests == 0, now >= initNotBefore {
                    initInProgress = true
                    step.startInitProducerId = true
                } else if inFlightRequests == 0 {
                    step.nextWakeup = earliest(step.nextWakeup, initNotBefore)
                }
            }
        }

        let routing = topics
        let inFlight = inFlightPerNode
        let maxPerNode = configuration.maxInFlightRequests
        let drained = accumulator.drain(
            now: now,
            leader: { key in
                guard let leaders = routing[key.topic]?.leaders, key.partition >= 0, Int(key.partition) < leaders.count else { return nil }
                let leader = leaders[Int(key.partition)]
                return leader >= 0 ? leader : nil
            },
            requestSlots: { node in canSend ? maxPerNode - (inFlight[node] ?? 0) : 0 })
        step.nextWakeup = earliest(step.nextWakeup, drained.nextWakeup)

        for batch in drained.expired {
            if batch.attempts > 0, let sequence = batch.sequence { idempotence?.batchAbandoned(sequence: sequence) }
            let error = KafkaError(
                .timedOut, "the record was not acknowledged within deliveryTimeout (\(configuration.deliveryTimeout))",
                topic: batch.partition.topic, partition: batch.partition.partition)
            step.completions.append(completion(for: batch, error: error))
        }

        for var request in drained.requests {
            if idempotence != nil {
                for index in request.batches.indices {
                    let current = request.batches[index].sequence.map { idempotence?.isCurrent($0) ?? false } ?? false
                    if !current, let sequence = idempotence?.assignSequence(
                        for: request.batches[index].partition, recordCount: request.batches[index].recordCount)
                    {
                        request.batches[index].setSequence(sequence)
                    }
                }
            }
            inFlightPerNode[request.node, default: 0] += 1
            inFlightRequests += 1
            step.requests.append(request)
        }

        topicsToRefresh.formUnion(drained.topicsWithoutLeader)
        if !topicsToRefresh.isEmpty, !refreshInProgress {
            if now >= refreshNotBefore {
                refreshInProgress = true
                step.refreshTopics = topicsToRefresh.sorted()
                topicsToRefresh.removeAll()
            } else {
                step.nextWakeup = earliest(step.nextWakeup, refreshNotBefore)
            }
        }

        collectWaitersToResume(into: &step)
        step.finished = isClosed && accumulator.isEmpty && inFlightRequests == 0 && !initInProgress && !refreshInProgress
        return step
    }

    /// A Produce request to `node` came back (or failed as a whole): completes, retries or fails
    /// each batch. Returns the completions and waiters to resume outside the lock.
    mutating func finishRequest(
        node: Int32, batches: [ProducerBatch<DeliveryWaiter>], results: [BatchResult], now: NIODeadline, random: Double
    ) -> SenderStep {
        var step = SenderStep()
        inFlightPerNode[node, default: 1] -= 1
        inFlightRequests -= 1
        for (batch, result) in zip(batches, results) {
            switch result {
            case .written(let baseOffset, let logAppendTime):
                if let sequence = batch.sequence {
                    _ = idempotence?.outcome(for: batch.partition, sequence: sequence, recordCount: batch.recordCount, error: nil)
                }
                accumulator.complete(batch)
                step.completions.append(BatchCompletion(
                    topic: batch.partition.topic, partition: batch.partition.partition, waiters: batch.waiters,
                    recordCount: batch.recordCount, wireBytes: batch.encoded?.readableBytes ?? batch.estimatedWireBytes,
                    result: .success((baseOffset, logAppendTime))))
            case .failed(let error):
                handleFailure(of: batch, error: error, now: now, random: random, into: &step)
            }
        }
        collectWaitersToResume(into: &step)
        return step
    }

    private mutating func handleFailure(
        of batch: ProducerBatch<DeliveryWaiter>, error: KafkaError, now: NIODeadline, random: Double, into step: inout SenderStep
    ) {
        var error = error
        error.topic = batch.partition.topic
        error.partition = batch.partition.partition
        let code = Self.classificationCode(for: error)
        let decision: IdempotentProducerState.Decision
        if let sequence = batch.sequence, idempotence != nil, let code {
            decision = idempotence?.outcome(for: batch.partition, sequence: sequence, recordCount: batch.recordCount, error: code) ?? .fail(code)
        } else if let code, code.isRetriable {
            decision = .retry(resetSequence: false)
        } else {
            decision = code.map { .fail($0) } ?? .fail(.unknownServerError)
        }
        if let code, Self.needsMetadataRefresh(code) { topicsToRefresh.insert(batch.partition.topic) }

        if case .retry(let resetSequence) = decision {
            let timedOut = now >= batch.createdAt + TimeAmount(configuration.deliveryTimeout)
            if isAbandoning || fatalError != nil || timedOut || batch.attempts > configuration.retries {
                if timedOut { error = KafkaError(.timedOut, "not acknowledged within deliveryTimeout; last error: \(error)", topic: error.topic, partition: error.partition) }
                // Given up: fall through to failing the batch.
            } else {
                var retried = batch
                if resetSequence { retried.setSequence(nil) }
                let delay = configuration.retryBackoff.delay(attempt: batch.attempts - 1, random: random)
                accumulator.reenqueue(retried, retryAfter: now + TimeAmount(delay))
                step.retriedBatches += 1
                return
            }
        }
        if let sequence = batch.sequence { idempotence?.batchAbandoned(sequence: sequence) }
        accumulator.complete(batch)
        step.completions.append(completion(for: batch, error: error))
    }

    /// The Kafka error code that decides retriability: the broker's, or the code Kafka's clients
    /// map a transport failure to; `nil` for failures that are never retried (encoding, shutdown…).
    static func classificationCode(for error: KafkaError) -> KafkaErrorCode? {
        switch error.kind {
        case .broker(let code): code
        case .connectionClosed, .connectionFailed: .networkException
        case .timedOut: .requestTimedOut
        default: nil
        }
    }

    /// Errors after which the partition's leader may have moved.
    static func needsMetadataRefresh(_ code: KafkaErrorCode) -> Bool {
        [KafkaErrorCode.notLeaderOrFollower, .unknownTopicOrPartition, .leaderNotAvailable, .networkException,
         .requestTimedOut, .kafkaStorageError, .brokerNotAvailable].contains(code)
    }

    /// InitProducerId answered (or failed).
    mutating func producerIdResult(_ result: Result<(producerId: Int64, producerEpoch: Int16), KafkaError>, now: NIODeadline, random: Double) {
        initInProgress = false
        switch result {
        case .success(let assigned):
            initFromScratch = false
            idempotence?.producerIdAssigned(producerId: assigned.producerId, producerEpoch: assigned.producerEpoch)
            accumulator.resetSequences()
        case .failure(let error):
            if error.isRetriable {
                initNotBefore = now + TimeAmount(configuration.retryBackoff.delay(attempt: 0, random: random))
            } else if idempotence?.hasProducerId == true, !initFromScratch {
                // The broker refused the bump (say, it lost the producer): ask for a new id instead.
                initFromScratch = true
            } else {
                fatalError = error
            }
        }
    }

    /// A metadata refresh finished (with the new snapshot, or `nil` when it failed).
    mutating func refreshResult(topics refreshed: [String], metadata: ClusterMetadata?, now: NIODeadline) {
        refreshInProgress = false
        refreshNotBefore = now + TimeAmount(configuration.retryBackoff.initial)
        guard let metadata else {
            topicsToRefresh.formUnion(refreshed)
            return
        }
        for topic in refreshed { updateRouting(topic: topic, metadata: metadata) }
    }

    /// Stops accepting records; lingering batches become ready at once.
    mutating func beginClose() {
        isClosed = true
        accumulator.beginClosing()
    }

    private func completion(for batch: ProducerBatch<DeliveryWaiter>, error: KafkaError) -> BatchCompletion {
        var error = error
        error.topic = batch.partition.topic
        error.partition = batch.partition.partition
        return BatchCompletion(
            topic: batch.partition.topic, partition: batch.partition.partition, waiters: batch.waiters,
            recordCount: batch.recordCount, wireBytes: 0, result: .failure(error))
    }

    private mutating func collectWaitersToResume(into step: inout SenderStep) {
        if !bufferWaiters.isEmpty, accumulator.bufferedBytes < configuration.bufferMemory || isClosed || fatalError != nil {
            step.resumeBufferWaiters = bufferWaiters
            bufferWaiters.removeAll()
        }
        if !flushWaiters.isEmpty {
            var remaining: [(through: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
            for waiter in flushWaiters {
                if accumulator.isFlushed(through: waiter.through) {
                    step.resumeFlushWaiters.append(waiter.continuation)
                } else {
                    remaining.append(waiter)
                }
            }
            flushWaiters = remaining
        }
    }

    private func earliest(_ a: NIODeadline?, _ b: NIODeadline?) -> NIODeadline? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }
}
