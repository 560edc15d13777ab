import ArgumentParser
import Gregor
import GregorCLISupport
import Synchronization

/// `gregor produce TOPIC [--key-separator SEP] [--compression …] [--acks 0|1|all] [--idempotent] [--partition N]`
struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Send one record per stdin line; print a summary at the end.",
        discussion: """
            Each line (without its newline) is a record's value. With --key-separator, the text before \
            the first separator is the key and the rest the value; a line without the separator has a \
            null key. Keyed records go to the partition murmur2(key) picks, as with the Java client.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The topic to write to.")
    var topic: String

    @Option(name: .customLong("key-separator"), help: ArgumentHelp("Split each line into key and value at the first occurrence of this text.", valueName: "separator"))
    var keySeparator: String?

    @Option(name: .customLong("compression"), help: "Batch compression: none, gzip, snappy, lz4 or zstd.")
    var compression = CompressionArgument(codec: .none)

    @Option(name: .customLong("acks"), help: "Acknowledgements: 0 (none), 1 (leader) or all.")
    var acks = AcksArgument(.all)

    @Flag(name: .customLong("idempotent"), help: "Idempotent producer: retries never duplicate records (needs --acks all).")
    var idempotent = false

    @Option(name: .customLong("partition"), help: "Write every record to this partition.")
    var partition: Int32?

    func validate() throws {
        if let keySeparator, keySeparator.isEmpty { throw ValidationError("--key-separator must not be empty") }
        if let partition, partition < 0 { throw ValidationError("--partition must not be negative") }
        if idempotent && acks.acks != .all { throw ValidationError("--idempotent needs --acks all") }
    }

    func run() async throws {
        try await runReportingErrors {
            let client = try connection.clientConfiguration()
            var settings = ProducerConfiguration()
            settings.acks = acks.producerAcks
            settings.idempotent = idempotent
            settings.compression = compression.codec
            let producer = try KafkaProducer(configuration: settings, client: client, logger: ClientSession.makeLogger("gregor.cli.produce"))
            let clock = ContinuousClock()
            let began = clock.now
            let tally = DeliveryTally()
            var records = 0
            var bytes = 0
            do {
                try await checkTopic(producer.cluster)
                let separator = keySeparator.map { Array($0.utf8) }
                var splitter = LineSplitter()
                var lines: [ArraySlice<UInt8>] = []
                func send(_ line: ArraySlice<UInt8>) async throws {
                    let (key, value) = separator.map { KeyValueLine.split(line, separator: $0) } ?? (nil, line)
                    try await producer.produce(
                        topic: topic, key: key.map { Array($0) }, value: Array(value), partition: partition,
                        onDelivery: tally.record)
                    records += 1
                    bytes += (key?.count ?? 0) + value.count
                }
                try await StandardInput.forEachChunk { chunk in
                    lines.removeAll(keepingCapacity: true)
                    splitter.feed(chunk) { lines.append($0) }
                    for line in lines { try await send(line) }
                    if let failure = tally.firstFailure { throw failure }
                }
                var last: ArraySlice<UInt8>?
                splitter.finish { last = $0 }
                if let last { try await send(last) }
                await producer.flush()
            } catch {
                await producer.close(timeout: .seconds(5))
                throw error
            }
            await producer.close()
            let summary = ThroughputSummary(verb: "produced", records: records - tally.failures, bytes: bytes, elapsed: clock.now - began)
            StandardError.writeLine(summary.line)
            if let failure = tally.firstFailure {
                throw CLIError("\(tally.failures) of \(records) records failed; first: \(failure)")
            }
        }
    }

    /// Fails early, with a clear message, for a topic the cluster does not have.
    private func checkTopic(_ cluster: KafkaCluster) async throws {
        let metadata = try await cluster.metadata(topics: [topic], refresh: true)
        guard let topicMetadata = metadata.topics[topic], !topicMetadata.partitions.isEmpty else {
            throw CLIError("topic \(topic) does not exist")
        }
        if let error = topicMetadata.error {
            if error.errorCode == .unknownTopicOrPartition { throw CLIError("topic \(topic) does not exist") }
            throw error
        }
        if let partition, topicMetadata.partitions[partition] == nil {
            throw CLIError("topic \(topic) has no partition \(partition) (it has \(topicMetadata.partitionCount))")
        }
    }
}

/// Counts failed deliveries (reported on the producer's tasks) and keeps the first error.
final class DeliveryTally: Sendable {
    private let state = Mutex<(failures: Int, first: KafkaError?)>((0, nil))

    /// The delivery callback.
    var record: @Sendable (Result<DeliveryReport, KafkaError>) -> Void {
        { [self] result in
            if case .failure(let error) = result {
                self.state.withLock { tally in
                    tally.failures += 1
                    if tally.first == nil { tally.first = error }
                }
            }
        }
    }

    /// Records that failed so far.
    var failures: Int { state.withLock { $0.failures } }

    /// The first failure, if any.
    var firstFailure: KafkaError? { state.withLock { $0.first } }
}
