import GregorStream

extension StreamPartitionState {
    /// The partition states as an Arrow table whose columns equal kafkars' `PARTITION_STATE_SCHEMA`
    /// (0.0.8) — `topic`, `partition`, `replay_start_offset`, `replay_end_offset`,
    /// `consumed_offset` and `released_offset` (-1 when none yet), `last_consumed_timestamp`
    /// (timestamp[ms, tz=UTC], null when none yet), `is_live`, `is_paused` — followed by Gregor's
    /// `position`, `buffered`, `buffered_bytes` and `timestamp_inversions`.
    public static func arrowTable(_ states: [StreamPartitionState]) throws(ArrowError) -> ArrowTable {
        try ArrowTable(columns: [
            .utf8("topic", states.map(\.topic)),
            .int32("partition", states.map(\.partition)),
            .int64("replay_start_offset", states.map(\.replayStart)),
            .int64("replay_end_offset", states.map(\.replayEnd)),
            .int64("consumed_offset", states.map { $0.consumedOffset ?? -1 }),
            .int64("released_offset", states.map { $0.releasedOffset ?? -1 }),
            .timestampMilliseconds("last_consumed_timestamp", states.map(\.lastConsumedTimestamp), nullable: true),
            .bool("is_live", states.map(\.isLive)),
            .bool("is_paused", states.map(\.isPaused)),
            .int64("position", states.map(\.position)),
            .int64("buffered", states.map { Int64($0.buffered) }),
            .int64("buffered_bytes", states.map { Int64($0.bufferedBytes) }),
            .int64("timestamp_inversions", states.map { Int64($0.timestampInversions) }),
        ])
    }
}
