import ArgumentParser
import Gregor
import GregorCLISupport

/// `gregor bench produce`: produces the benchmark records (see `BenchData`) as fast as the
/// producer takes them, waits for every acknowledgement, then writes one single-record batch per
/// partition (untimed) so that Tansu's ListOffsets(latest) is exact.
struct BenchProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "produce", abstract: "Producer benchmark.")

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("topic"), help: "Topic (must exist).")
    var topic: String

    @Option(name: .customLong("records"), help: "Records to produce.")
    var records = 1_000_000

    @Option(name: .customLong("partitions"), help: "Partitions of the topic (for the end batches).")
    var partitions: Int32 = 4

    @Option(name: .customLong("acks"), help: "0, 1 or all.")
    var acks = AcksArgument(.all)

    @Flag(name: .customLong("idempotent"), help: "Idempotent producer.")
    var idempotent = false

    @Option(name: .customLong("value-size"), help: "Value bytes per record (100: the peers' data; larger values pad with x and are made while producing).")
    var valueSize = BenchData.valueSize

    func validate() throws {
        guard valueSize >= 16 else { throw ValidationError("--value-size must be at least 16") }
    }

    func run() async throws {
        try await runReportingErrors {
            var settings = ProducerConfiguration()
            settings.acks = acks.producerAcks
            settings.idempotent = idempotent
            settings.compression = .none
            let producer = try KafkaProducer(
                configuration: settings, client: try connection.clientConfiguration(), logger: ClientSession.makeLogger("gregor.bench"))
            // Data prepared before the clock starts, as in the Python peer.
            let keys = (0..<records).map(BenchData.key)
            let values = valueSize == BenchData.valueSize ? (0..<records).map(BenchData.value) : []
            let filler = [UInt8](repeating: UInt8(ascii: "x"), count: max(0, valueSize - BenchData.valueSize))
            let payload = records * (BenchData.keySize + valueSize)
            let tally = DeliveryTally()
            _ = try await producer.cluster.metadata(topics: [topic], refresh: true)

            let clock = ContinuousClock()
            let began = clock.now
            for index in 0..<records {
                let value = values.isEmpty ? BenchData.value(index) + filler : values[index]
                try await producer.produce(topic: topic, key: keys[index], value: value, onDelivery: tally.record)
            }
            await producer.flush()
            let elapsed = clock.now - began
            if let failure = tally.firstFailure {
                await producer.close(timeout: .seconds(5))
                throw CLIError("\(tally.failures) records failed; first: \(failure)")
            }
            for partition in 0..<partitions {
                _ = try await producer.send(topic: topic, key: Array("end".utf8), value: Array("end".utf8), partition: partition)
            }
            await producer.close()
            print(BenchData.resultLine(operation: "produce", records: records, bytes: payload, seconds: secondsOf(elapsed)))
        }
    }
}
