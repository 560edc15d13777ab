import Gregor
import Testing

/// The fetch engine against Tansu (or GREGOR_TEST_BOOTSTRAP): records come back exactly as
/// produced, across codecs and many partitions, with pause/resume. Tansu gets Produce, Fetch and
/// the high watermark right (brokers.md); its Fetch ignores a zero max wait, so waits here are
/// short but positive.
@Suite(.serialized) struct FetchTansuTests {
    func configuration() -> FetchConfiguration {
        var configuration = FetchConfiguration()
        configuration.maxWait = .milliseconds(100)
        return configuration
    }

    @Test func fetchReturnsExactlyWhatWasProducedWithEveryCodec() async throws {
        let broker = try await TestBrokers.tansu()
        let cluster = KafkaCluster(configuration: try broker.configuration())
        let topic = TestBrokers.uniqueTopicName("fetch-exact")
        try await FetchIntegration.createTopic(topic, partitions: 2, on: cluster)
        let codecs: [CompressionCodec] = [.none, .gzip, .snappy, .lz4, .zstd]
        var expected: [Int32: [FetchIntegration.Record]] = [:]
        for partition in Int32(0)..<2 {
            for codec in codecs {
                let records = FetchIntegration.sample("\(partition)-\(codec)", count: 20)
                try await FetchIntegration.produce(records, to: topic, partition: partition, compression: codec, on: cluster)
                expected[partition, default: []] += records
            }
        }
        let handler = CollectingFetchHandler()
        let ids = (Int32(0)..<2).map { FetchPartitionID(topic: topic, partition: $0) }
        try await FetchIntegration.withEngine(cluster, handler: handler, configuration: configuration()) { engine in
            await engine.assign(Dictionary(uniqueKeysWithValues: ids.map { ($0, FetchStartOffset.earliest) }))
            let done = await handler.waitUntil(timeout: .seconds(20)) { handler in ids.allSatisfy { handler.rows($0).count >= 100 } }
            #expect(done)
            for id in ids {
                #expect(handler.rows(id) == FetchIntegration.expectedRows(expected[id.partition] ?? [], from: 0))
                let state = try #require(await engine.state(of: id))
                #expect(state.position == 100)
                #expect(state.highWatermark == 100)
            }
        }
        await cluster.shutdown()
    }

    @Test func manyPartitionsWithPauseAndResume() async throws {
        let broker = try await TestBrokers.tansu()
        let cluster = KafkaCluster(configuration: try broker.configuration())
        let topic = TestBrokers.uniqueTopicName("fetch-pause")
        let partitions: Int32 = 8
        try await FetchIntegration.createTopic(topic, partitions: partitions, on: cluster)
        let ids = (Int32(0)..<partitions).map { FetchPartitionID(topic: topic, partition: $0) }
        let paused = Set(ids.filter { $0.partition % 2 == 1 })
        let handler = CollectingFetchHandler()
        try await FetchIntegration.withEngine(cluster, handler: handler, configuration: configuration()) { engine in
            await engine.assign(Dictionary(uniqueKeysWithValues: ids.map { ($0, FetchStartOffset.offset(0)) }))
            await engine.pause(paused)
            var expected: [FetchPartitionID: [FetchIntegration.Record]] = [:]
            for id in ids {
                let records = FetchIntegration.sample("p\(id.partition)", count: 10)
                try await FetchIntegration.produce(records, to: topic, partition: id.partition, on: cluster)
                expected[id] = records
            }
            let active = ids.filter { !paused.contains($0) }
            #expect(await handler.waitUntil(timeout: .seconds(20)) { handler in active.allSatisfy { handler.rows($0).count >= 10 } })
            // Several more long-polls go by; the paused partitions must still have nothing.
            try await Task.sleep(for: .milliseconds(400))
            for id in paused {
                #expect(handler.rows(id).isEmpty)
                #expect(await engine.state(of: id)?.position == 0)
            }
            await engine.resume(paused)
            #expect(await handler.waitUntil(timeout: .seconds(20)) { handler in ids.allSatisfy { handler.rows($0).count >= 10 } })
            try await Task.sleep(for: .milliseconds(200))
            for id in ids {
                #expect(handler.rows(id) == FetchIntegration.expectedRows(expected[id] ?? [], from: 0))
            }
        }
        await cluster.shutdown()
    }
}
