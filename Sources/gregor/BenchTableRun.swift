import Foundation
import Gregor
import GregorCLISupport
import GregorTables
import Logging

/// Runs one Tables benchmark (see `BenchTableCommand`).
struct BenchTableRun {
    let client: KafkaClientConfiguration
    let metric: BenchTableMetric
    let keys: Int
    let partitions: Int32
    let topic: String
    let createTopic: Bool
    let samples: Int
    let budget: Duration
    /// The table's Fetch max wait; `nil` for the library default.
    let fetchMaxWait: Duration?
    /// The table's Fetch partition max bytes; `nil` for the library default.
    let partitionMaxBytes: Int32?
    /// The table's Fetch max bytes (the whole answer); `nil` for the library default.
    let fetchMaxBytes: Int32?
    /// The table's Fetch connections per broker; `nil` for the library default.
    let fetchConnections: Int?
    /// The topic already holds the records an earlier run with the same metric and key count
    /// wrote: the pre-fill is skipped (for repeated measurements on one topic).
    let prefilled: Bool
    /// Only create and fill the topic, measure nothing: the measurement then runs in another
    /// process with `prefilled`, as the Python peer fills its topics in a child process.
    let fillOnly: Bool
    /// The broker's process on this machine, whose CPU time a catch-up reports; `nil` for none.
    let brokerPID: Int32?

    /// A result field: a JSON number or string.
    enum Field {
        case number(Double)
        case integer(Int)
        case text(String)
    }

    func run() async throws -> [(String, Field)] {
        var fields: [(String, Field)] = [
            ("client", .text("gregor")), ("metric", .text(metric.rawValue)), ("topic", .text(topic)), ("partitions", .integer(Int(partitions))),
            ("fetch_max_wait_ms", .integer(Int(secondsOf(tableConfiguration.fetch.maxWait) * 1000))),
        ]
        if createTopic {
            let admin = try KafkaAdmin(configuration: client, logger: quiet)
            _ = try await admin.createTopic(NewTopic(name: topic, partitions: partitions, configs: ["cleanup.policy": "compact"]))
            await admin.shutdown()
        }
        if fillOnly {
            try await fillTopic()
            return fields + [("filled_keys", .integer(keys))]
        }
        switch metric {
        case .catchupRaw: fields += try await catchUp(json: false)
        case .catchupJSON: fields += try await catchUp(json: true)
        case .memory: fields += try await memory()
        case .barrierIdle: fields += try await barriers(churn: false)
        case .barrierChurn: fields += try await barriers(churn: true)
        case .propagation: fields += try await propagation()
        case .writer: fields += try await writer()
        }
        return fields
    }

    private var quiet: Logger {
        var logger = Logger(label: "gregor.bench.table")
        logger.logLevel = .error
        return logger
    }

    private var tableConfiguration: KafkaTableConfiguration {
        var configuration = KafkaTableConfiguration(client: client)
        configuration.ensureTopic = false
        configuration.catchUpTimeout = .seconds(300)
        if let fetchMaxWait { configuration.fetch.maxWait = fetchMaxWait }
        if let partitionMaxBytes { configuration.fetch.partitionMaxBytes = partitionMaxBytes }
        if let fetchMaxBytes { configuration.fetch.maxBytes = fetchMaxBytes }
        if let fetchConnections { configuration.fetch.connectionsPerBroker = fetchConnections }
        return configuration
    }

    /// Writes `count` records with `value(i)`, then one single-record batch per partition (key
    /// `end`) so that Tansu's ListOffsets(latest) is exact. Untimed.
    private func fill(count: Int, value: (Int) -> [UInt8], end: [UInt8]) async throws {
        if prefilled { return }
        var settings = ProducerConfiguration()
        settings.idempotent = false
        settings.linger = .milliseconds(5)
        let producer = try KafkaProducer(configuration: settings, client: client, logger: quiet)
        for i in 0..<count {
            try await producer.produce(topic: topic, key: BenchData.key(i), value: value(i))
        }
        await producer.flush()
        for partition in 0..<partitions {
            _ = try await producer.send(topic: topic, key: Array("end".utf8), value: end, partition: partition)
        }
        await producer.close()
    }

    /// Writes the records the metric replays: the catch-up and memory metrics' data; nothing for
    /// the others, which write their own as they measure.
    private func fillTopic() async throws {
        switch metric {
        case .catchupJSON: try await fill(count: keys, value: BenchJSONValue.bytes, end: Array(#""end""#.utf8))
        case .catchupRaw: try await fill(count: keys, value: BenchData.value, end: Array("end".utf8))
        case .memory: try await fill(count: keys, value: Self.memoryValue, end: Array("end".utf8))
        case .barrierIdle, .barrierChurn, .propagation, .writer: break
        }
    }

    /// The memory metric's 256-byte value of key `index`.
    private static func memoryValue(_ index: Int) -> [UInt8] {
        Array("v".utf8) + Array(BenchData.key(index).dropFirst()) + [UInt8](repeating: UInt8(ascii: "x"), count: 240)
    }

    private func catchUp(json: Bool) async throws -> [(String, Field)] {
        try await fillTopic()
        if json { return try await timedCatchUp(valueCodec: .json(BenchJSONValue.self)) }
        return try await timedCatchUp(valueCodec: .bytes)
    }

    /// Starts a table on the filled topic and reports how long its catch-up took, in wall time and
    /// in Gregor's CPU time.
    private func timedCatchUp<Value: Sendable>(valueCodec: TableCodec<Value>) async throws -> [(String, Field)] {
        let table = try KafkaTable(topic: topic, configuration: tableConfiguration, keyCodec: .string, valueCodec: valueCodec, logger: quiet)
        let brokerBefore = brokerPID.flatMap(ProcessCPUTime.seconds(ofProcess:))
        let cpuBefore = ProcessCPUTime.seconds
        let started = ContinuousClock.now
        try await table.start()
        let elapsed = ContinuousClock.now - started
        let cpu = cpuSeconds(since: cpuBefore) + brokerCPUSeconds(since: brokerBefore)
        let (size, status) = (table.count, table.status.name)
        await table.stop()
        return [("keys", .integer(keys)), ("table_size", .integer(size)), ("status", .text(status)), ("seconds", .number(secondsOf(elapsed)))] + cpu
    }

    /// The broker's CPU seconds since `before`, as a field; none where unknown. On a machine the
    /// broker shares, a catch-up's wall time is at least its client's and its broker's CPU time
    /// divided by the cores.
    private func brokerCPUSeconds(since before: Double?) -> [(String, Field)] {
        guard let before, let brokerPID, let now = ProcessCPUTime.seconds(ofProcess: brokerPID) else { return [] }
        return [("broker_cpu_seconds", .number(now - before))]
    }

    /// Gregor's own CPU seconds (all threads) since `before`, as a field; none where unknown.
    /// Beside the wall time it shows how much of a catch-up was this process and how much waiting.
    private func cpuSeconds(since before: Double?) -> [(String, Field)] {
        guard let before, let now = ProcessCPUTime.seconds else { return [] }
        return [("cpu_seconds", .number(now - before))]
    }

    private func memory() async throws -> [(String, Field)] {
        try await fillTopic()
        let table = try KafkaTable(topic: topic, configuration: tableConfiguration, keyCodec: .string, valueCodec: .bytes, logger: quiet)
        let (before, anonymousBefore) = ProcessMemory.residentAndAnonymousBytes
        try await table.start()
        let (after, anonymousAfter) = ProcessMemory.residentAndAnonymousBytes
        let count = table.count
        let payload = keys * (16 + 256)
        await table.stop()
        return [
            ("keys", .integer(count)), ("status", .text(table.status.name)), ("rss_before_bytes", .integer(before)), ("rss_after_bytes", .integer(after)),
            ("anon_before_bytes", .integer(anonymousBefore)), ("anon_after_bytes", .integer(anonymousAfter)),
            ("bytes_per_key", .number(Double(after - before) / Double(max(1, count)))),
            ("anon_bytes_per_key", .number(Double(anonymousAfter - anonymousBefore) / Double(max(1, count)))),
            ("payload_per_key", .number(Double(payload) / Double(max(1, keys)))),
        ]
    }

    private func makeWriter(_ configure: (inout KafkaTableWriterConfiguration) -> Void = { _ in }) async throws -> KafkaTableWriter<String, [UInt8]> {
        var configuration = KafkaTableWriterConfiguration(client: client)
        configuration.ensureTopic = false
        configure(&configuration)
        let writer = try KafkaTableWriter(topic: topic, configuration: configuration, keyCodec: .string, valueCodec: .bytes, logger: quiet)
        try await writer.start()
        return writer
    }

    private func barriers(churn: Bool) async throws -> [(String, Field)] {
        let writer = try await makeWriter()
        for i in 0..<100 { try await writer.set("quiet-\(i)", BenchData.value(i)) }
        let table = try KafkaTable(topic: topic, configuration: tableConfiguration, keyCodec: .string, valueCodec: .bytes, logger: quiet)
        try await table.start()
        let churnTask: Task<Int, Never>? = churn ? Task {
            var written = 0
            let pace = Duration.milliseconds(1)  // at most 1 000 acknowledged writes per second
            while !Task.isCancelled {
                let next = ContinuousClock.now + pace
                if (try? await writer.set("churn-\(written % 1000)", BenchData.value(written))) != nil { written += 1 }
                try? await Task.sleep(until: next)
            }
            return written
        } : nil
        try await Task.sleep(for: .milliseconds(300))
        var latencies: [Double] = []
        var falseResults = 0
        let deadline = ContinuousClock.now + budget
        let churnStart = ContinuousClock.now
        while latencies.count < samples && ContinuousClock.now < deadline {
            let started = ContinuousClock.now
            if try await table.barrier(timeout: .seconds(10)) == false { falseResults += 1 }
            latencies.append(secondsOf(ContinuousClock.now - started) * 1000)
            if !churn { try await Task.sleep(for: .milliseconds(5)) }
        }
        churnTask?.cancel()
        let churnWritten = await churnTask?.value ?? 0
        let churnSeconds = secondsOf(ContinuousClock.now - churnStart)
        await table.stop()
        await writer.close()
        var fields: [(String, Field)] = [("samples", .integer(latencies.count)), ("false_results", .integer(falseResults))]
        fields += percentiles(latencies)
        if churn { fields.append(("churn_writes_per_second", .number(Double(churnWritten) / churnSeconds))) }
        return fields
    }

    private func propagation() async throws -> [(String, Field)] {
        let writer = try await makeWriter()
        let table = try KafkaTable(topic: topic, configuration: tableConfiguration, keyCodec: .string, valueCodec: .bytes, logger: quiet)
        let updates = table.updates()
        try await table.start()
        var iterator = updates.makeAsyncIterator()
        var latencies: [Double] = []
        var acks: [Double] = []
        var missed = 0
        let deadline = ContinuousClock.now + budget
        for i in 0..<samples where ContinuousClock.now < deadline {
            let key = "probe-\(i)"
            let started = ContinuousClock.now
            // The ack's time is taken in the task: it may come before or after the change is seen.
            let setTask = Task {
                _ = try await writer.set(key, BenchData.value(i))
                return ContinuousClock.now
            }
            var seen = false
            while let change = await iterator.next() {
                if case .set(let changedKey, _) = change, changedKey == key {
                    seen = true
                    break
                }
            }
            let visible = ContinuousClock.now
            let acked = try await setTask.value
            acks.append(secondsOf(acked - started) * 1000)
            if seen { latencies.append(secondsOf(visible - started) * 1000) } else { missed += 1 }
            // A random part of the max wait on top of the gap, so that writes fall at every point
            // of the reader's long poll: a broker that answers a waiting Fetch only when its wait
            // ends would otherwise show the same phase every time.
            try await Task.sleep(for: .milliseconds(20) + tableConfiguration.fetch.maxWait * Double.random(in: 0...1))
        }
        await table.stop()
        await writer.close()
        var fields: [(String, Field)] = [("samples", .integer(latencies.count)), ("missed", .integer(missed))]
        fields += percentiles(latencies)
        fields.append(("ack_p50_ms", .number(percentile(acks.sorted(), 0.5))))
        return fields
    }

    private func writer() async throws -> [(String, Field)] {
        let writer = try await makeWriter()
        let window = 1000
        let values = (0..<keys).map(BenchData.value)
        let started = ContinuousClock.now
        var next = 0
        while next < keys {
            let range = next..<min(keys, next + window)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in range { group.addTask { _ = try await writer.set("w-\(i)", values[i]) } }
                try await group.waitForAll()
            }
            next = range.upperBound
        }
        let elapsed = ContinuousClock.now - started
        await writer.close()
        return [
            ("window", .integer(window)), ("acks", .text("all (idempotent)")), ("upserts", .integer(keys)), ("seconds", .number(secondsOf(elapsed))),
            ("upserts_per_second", .number(Double(keys) / secondsOf(elapsed))),
        ]
    }

    private func percentiles(_ values: [Double]) -> [(String, Field)] {
        let sorted = values.sorted()
        return [("p50_ms", .number(percentile(sorted, 0.5))), ("p99_ms", .number(percentile(sorted, 0.99)))]
    }

    private func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let index = min(sorted.count - 1, max(0, Int((Double(sorted.count) * q).rounded(.up)) - 1))
        return (sorted[index] * 1000).rounded() / 1000
    }

    /// The fields as one JSON object.
    static func jsonLine(_ fields: [(String, Field)]) -> String {
        let body = fields.map { name, field -> String in
            let value: String
            switch field {
            case .number(let number): value = number.isFinite ? String(number) : "null"
            case .integer(let integer): value = String(integer)
            case .text(let text): value = JSONText.quoted(text)
            }
            return JSONText.quoted(name) + ": " + value
        }
        return "{" + body.joined(separator: ", ") + "}"
    }
}
