import GregorCLISupport
import GregorStream

extension ReplayProgressLine {
    /// The line for a stream's `progress`, `elapsed` after the replay started.
    init(_ progress: StreamProgress, elapsed: Duration) {
        self.init(
            done: progress.replayOffsetsDone, total: progress.replayOffsetsTotal, records: progress.receivedRecords,
            bytes: progress.receivedBytes, livePartitions: progress.livePartitions, partitions: progress.partitions,
            elapsed: elapsed)
    }
}
