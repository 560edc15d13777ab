import Benchmark
import GregorProtocol
import NIOCore

// Each iteration processes a whole workload (see Workloads.swift), so the wall-clock time per
// iteration converts directly into records/s and bytes/s (scripts/benchmarks.sh prints both).
// Allocation counts are per iteration: with the builder and decoder reused, they must not grow
// with the number of records.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuUser, .mallocCountTotal],
        warmupIterations: 2,
        maxDuration: .seconds(5),
        maxIterations: 50
    )

    for (workload, label) in [(Workload.small, "100 B"), (Workload.large, "1 KiB")] {
        for codec in [CompressionCodec.none, .lz4, .zstd] {
            Benchmark("decode \(label) records, \(codec) → MessageBatch") { benchmark, setup in
                var builder = MessageBatchBuilder(capacity: workload.recordCount, averageMessageSize: workload.valueSize)
                var decoder = RecordBatchDecoder()
                let location = RecordLocation(topic: "bench", partition: 0)
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    builder.removeAll()
                    let summary = try decoder.decode(setup, location: location, into: &builder)
                    blackHole(summary.recordCount)
                }
                benchmark.stopMeasurement()
                blackHole(builder.count)
            } setup: {
                try workload.payload(codec: codec)
            }
        }

        Benchmark("encode \(label) records, none") { benchmark in
            let key = [UInt8](repeating: 0x61, count: workload.keySize)
            let value = [UInt8](repeating: 0x62, count: workload.valueSize)
            var output = ByteBuffer()
            output.reserveCapacity(workload.recordCount * (workload.valueSize + workload.keySize + 16) + 1 << 20)
            var builder = RecordBatchBuilder(capacity: workload.recordsPerBatch * (workload.valueSize + workload.keySize + 16))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                output.clear()
                try key.withUnsafeBytes { keyBytes in
                    try value.withUnsafeBytes { valueBytes in
                        for batch in 0..<workload.batchCount {
                            builder.removeAll()
                            builder.baseOffset = Int64(batch * workload.recordsPerBatch)
                            for index in 0..<workload.recordsPerBatch {
                                try builder.appendRaw(key: keyBytes, value: valueBytes, timestamp: 1_700_000_000_000 + Int64(index))
                            }
                            try builder.encode(into: &output)
                        }
                    }
                }
                blackHole(output.readableBytes)
            }
            benchmark.stopMeasurement()
        }
    }

    Benchmark("CRC-32C 64 MiB") { benchmark in
        let bytes = [UInt8](repeating: 0x5A, count: 64 << 20)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            bytes.withUnsafeBytes { blackHole(CRC32C.checksum($0)) }
        }
        benchmark.stopMeasurement()
    }

    Benchmark("CRC-32C 16 KiB ×4096") { benchmark in
        let bytes = [UInt8](repeating: 0xA5, count: 16 << 10)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            bytes.withUnsafeBytes { raw in
                for _ in 0..<4096 { blackHole(CRC32C.checksum(raw)) }
            }
        }
        benchmark.stopMeasurement()
    }
}
