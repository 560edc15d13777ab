import ArgumentParser
import Foundation
import Gregor
import GregorCLISupport
import GregorProtocol
import GregorStream

/// `gregor stream-demo TOPIC --output FILE`: the Stream part of the main job (scripts/demo.sh).
struct StreamDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream-demo",
        abstract: "Write skewed, keyed events into several partitions, replay them in timestamp order, write an Arrow file.",
        discussion: """
            Creates TOPIC with --partitions partitions and writes --events events with explicit \
            timestamps over one hour: partition p gets about half as many as partition p-1 and its \
            clock lags p x 5 minutes, so the partitions interleave in time but not in offset order. \
            Then a bounded Stream replays the topic in timestamp order (progress on stderr), writes \
            every record to the Arrow IPC file --output, and prints a summary and the first rows.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The topic to create and replay.") var topic: String
    @Option(name: .customLong("events"), help: "How many events to write.") var events = 100_000
    @Option(name: .customLong("partitions"), help: "Partitions of the topic.") var partitions = 4
    @Option(name: .customLong("output"), help: ArgumentHelp("The Arrow IPC file to write.", valueName: "file")) var output: String

    func validate() throws {
        guard (1...10_000_000).contains(events) else { throw ValidationError("--events must be between 1 and 10000000") }
        guard (1...64).contains(partitions) else { throw ValidationError("--partitions must be between 1 and 64") }
    }

    func run() async throws {
        try await runReportingErrors {
            let client = try connection.clientConfiguration()
            let admin = try KafkaAdmin(configuration: client, logger: ClientSession.makeLogger("gregor.cli.stream-demo"))
            do {
                _ = try await admin.createTopicIfMissing(NewTopic(name: topic, partitions: Int32(partitions), replicationFactor: 1))
                await admin.shutdown()
            } catch {
                await admin.shutdown()
                throw error
            }
            let base = currentEpochMilliseconds() - 3_600_000
            let plan = SkewedEvents(count: events, partitions: partitions, base: base)
            let written = try await write(plan, client: client)
            print("written:  \(events) events in \(Self.seconds(written)) s; per partition \(plan.counts.map(String.init).joined(separator: " / "))")
            try await replay(client: client)
        }
    }

    /// Writes the events (key `user-N`, a small JSON value, explicit timestamp) and waits for every acknowledgement.
    private func write(_ plan: SkewedEvents, client: KafkaClientConfiguration) async throws -> Duration {
        let started = ContinuousClock.now
        var configuration = ProducerConfiguration()
        configuration.compression = .lz4
        let producer = try KafkaProducer(configuration: configuration, client: client, logger: ClientSession.makeLogger("gregor.cli.stream-demo"))
        do {
            // Each partition's last event goes alone in a batch after the others are acknowledged:
            // a broker whose ListOffsets(latest) is the last batch's base offset + 1 (Tansu) then
            // reports the exact end, and the replay covers every event.
            let events = plan.events()
            let lastIndices = Set(Dictionary(events.map { ($0.partition, $0.index) }, uniquingKeysWith: max).values)
            for event in events where !lastIndices.contains(event.index) { try await send(event, producer) }
            await producer.flush()
            for event in events where lastIndices.contains(event.index) {
                try await send(event, producer)
                await producer.flush()
            }
            await producer.close()
        } catch {
            await producer.close()
            throw error
        }
        return ContinuousClock.now - started
    }

    private func send(_ event: (index: Int, partition: Int32, timestamp: Int64), _ producer: KafkaProducer) async throws {
        let value = #"{"event":\#(event.index),"partition":\#(event.partition),"amount":\#(event.index % 997)}"#
        try await producer.produce(
            topic: topic, key: Array("user-\(event.index % 1000)".utf8), value: Array(value.utf8), partition: event.partition,
            timestamp: event.timestamp)
    }

    /// Replays the topic in order into the Arrow file, with progress lines and the order checked.
    private func replay(client: KafkaClientConfiguration) async throws {
        var configuration = StreamConfiguration(topics: [.earliest(topic)])
        configuration.bounded = true
        configuration.batchSize = 2_000
        configuration.fetch.maxWait = .milliseconds(100)
        let started = ContinuousClock.now
        let stream = try KafkaStream(configuration: configuration, client: client, logger: ClientSession.makeLogger("gregor.cli.stream-demo"))
        let file = try ArrowFileOutput(path: output)
        var tally = StreamDeliveryTally()
        var first: [String] = []
        var nextReport = 0.25
        do {
            try await stream.start()
            for try await batch in stream.batches(pollTimeout: .milliseconds(100)) {
                try file.write(batch, rows: 0..<batch.count)
                tally.add(batch, countOrder: true)
                for row in 0..<min(batch.count, 5 - first.count) { first.append(Self.describe(batch, row: row)) }
                if let progress = stream.progress, progress.fraction >= nextReport, progress.fraction < 1 {
                    print(ReplayProgressLine(progress, elapsed: ContinuousClock.now - started).text)
                    nextReport = (progress.fraction * 4).rounded(.down) / 4 + 0.25
                }
            }
            try file.finish()
        } catch {
            await stream.close()
            throw error
        }
        let elapsed = ContinuousClock.now - started
        let states = stream.partitionStates
        await stream.close()
        let rate = DecimalFormatting.fixed(Double(tally.records) / max(0.000_001, Self.secondsValue(elapsed)), places: 0)
        print("replayed: \(tally.records) records from \(states.count) partitions in \(Self.seconds(elapsed)) s (\(rate) records/s), timestamp order across partitions")
        print("order:    \(tally.inversions) timestamp inversions")
        print("arrow:    \(output)")
        print("first rows (timestamp, partition@offset, key, value):")
        for line in first { print("  \(line)") }
        guard tally.inversions == 0 else { throw CLIError("the replay was not in timestamp order (\(tally.inversions) inversions)") }
    }

    private static func describe(_ batch: MessageBatch, row: Int) -> String {
        let time = Date(timeIntervalSince1970: Double(batch.timestamp(at: row)) / 1000)
        let key = batch.key(at: row).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        let value = batch.value(at: row).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        return "\(time.formatted(.iso8601))  p\(batch.partition(at: row))@\(batch.offset(at: row))  \(key)  \(value)"
    }

    private static func secondsValue(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func seconds(_ duration: Duration) -> String { DecimalFormatting.fixed(secondsValue(duration), places: 2) }
}

/// The demo's skewed events: partition p gets a share proportional to 2^-p, each partition's
/// events spread evenly over the same hour, partition p's clock `p × 5 min` behind.
struct SkewedEvents {
    let count: Int
    let partitions: Int
    let base: Int64

    /// Events per partition.
    var counts: [Int] {
        let weights = (0..<partitions).map { 1.0 / Double(1 << min($0, 30)) }
        let total = weights.reduce(0, +)
        var counts = weights.map { Int((Double(count) * $0 / total).rounded(.down)) }
        counts[0] += count - counts.reduce(0, +)
        return counts
    }

    /// Every event: index, partition, timestamp; in partition order, then time order.
    func events() -> [(index: Int, partition: Int32, timestamp: Int64)] {
        var events: [(index: Int, partition: Int32, timestamp: Int64)] = []
        events.reserveCapacity(count)
        var index = 0
        for (partition, share) in counts.enumerated() {
            for position in 0..<share {
                let spread = share > 1 ? Int64(position) * 3_600_000 / Int64(share) : 0
                events.append((index, Int32(partition), base + spread - Int64(partition) * 300_000))
                index += 1
            }
        }
        return events
    }
}
