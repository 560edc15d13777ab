import NIOCore

extension RecordAccumulator {
    /// Takes the ready batches out, grouped by leader into Produce requests of at most
    /// `maxRequestBytes` (one batch per partition per request; an oversized single batch still goes).
    ///
    /// - Parameters:
    ///   - leader: the current leader of a partition, `nil` when unknown.
    ///   - requestSlots: how many more requests each node may have in flight now.
    mutating func drain(
        now: NIODeadline, leader: (ProducerTopicPartition) -> Int32?, requestSlots: (Int32) -> Int
    ) -> DrainResult {
        var result = DrainResult()
        expireTimedOutBatches(now: now, into: &result)
        var slots: [Int32: Int] = [:]
        var wakeup: NIODeadline? = nil
        var passes = 0
        // Each pass gives each node at most one request with at most one batch per partition.
        while true {
            passes += 1
            var pending: [Int32: (bytes: Int, batches: [ProducerBatch<Waiter>])] = [:]
            let count = partitionOrder.count
            for step in 0..<count {
                let key = partitionOrder[(drainStart + step) % count]
                guard var queue = queues[key], let head = queue.batches.first else { continue }
                switch readiness(of: head, inFlight: queue.inFlight, now: now) {
                case .blocked:
                    continue
                case .waitUntil(let deadline):
                    if passes == 1 { wakeup = earliest(wakeup, deadline) }
                    continue
                case .ready:
                    break
                }
                guard let node = leader(key) else {
                    result.topicsWithoutLeader.insert(key.topic)
                    continue
                }
                let freeSlots = slots[node] ?? requestSlots(node)
                slots[node] = freeSlots
                guard freeSlots > 0 else { continue }
                let bytes = head.estimatedWireBytes
                var request = pending[node] ?? (0, [])
                guard request.batches.isEmpty || request.bytes + bytes <= settings.maxRequestBytes else { continue }
                var batch = queue.batches.removeFirst()
                batch.isClosed = true
                batch.attempts += 1
                batch.retryAfter = nil
                queue.inFlight += 1
                queues[key] = queue
                request.bytes += bytes
                request.batches.append(batch)
                pending[node] = request
            }
            if pending.isEmpty { break }
            for (node, request) in pending.sorted(by: { $0.key < $1.key }) {
                result.requests.append(DrainedRequest(node: node, batches: request.batches))
                slots[node, default: 0] -= 1
            }
        }
        if !partitionOrder.isEmpty { drainStart = (drainStart + 1) % partitionOrder.count }
        if let wakeup { result.nextWakeup = earliest(result.nextWakeup, wakeup) }
        return result
    }

    private enum Readiness {
        case ready
        case waitUntil(NIODeadline)
        case blocked
    }

    private func readiness(of head: ProducerBatch<Waiter>, inFlight: Int, now: NIODeadline) -> Readiness {
        if head.attempts > 0 {
            // A retry goes alone, after the partition's other requests have come back.
            guard inFlight == 0 else { return .blocked }
        } else {
            guard inFlight < settings.maxInFlightPerPartition else { return .blocked }
        }
        if let retryAfter = head.retryAfter, retryAfter > now { return .waitUntil(retryAfter) }
        if head.isClosed || isClosing || head.id <= flushThrough { return .ready }
        let lingerEnd = head.createdAt + TimeAmount(settings.linger)
        return lingerEnd <= now ? .ready : .waitUntil(lingerEnd)
    }

    /// Removes queued batches whose delivery timeout has passed (in-flight batches are judged when
    /// their response comes back). Batches are queued in creation order, so the expired ones are a
    /// prefix of each queue.
    private mutating func expireTimedOutBatches(now: NIODeadline, into result: inout DrainResult) {
        let timeout = TimeAmount(settings.deliveryTimeout)
        for key in partitionOrder {
            guard var queue = queues[key], let head = queue.batches.first else { continue }
            guard head.createdAt + timeout <= now else {
                result.nextWakeup = earliest(result.nextWakeup, head.createdAt + timeout)
                continue
            }
            let expiredCount = queue.batches.prefix { $0.createdAt + timeout <= now }.count
            for batch in queue.batches.prefix(expiredCount) {
                releaseBytes(of: batch)
                result.expired.append(batch)
            }
            queue.batches.removeFirst(expiredCount)
            queues[key] = queue
            if let first = queue.batches.first {
                result.nextWakeup = earliest(result.nextWakeup, first.createdAt + timeout)
            }
        }
    }

    private func earliest(_ a: NIODeadline?, _ b: NIODeadline) -> NIODeadline {
        guard let a else { return b }
        return min(a, b)
    }

    private mutating func releaseBytes(of batch: ProducerBatch<Waiter>) {
        bufferedBytes -= batch.reservedBytes
        incompleteBatchIDs.remove(batch.id)
    }
}
