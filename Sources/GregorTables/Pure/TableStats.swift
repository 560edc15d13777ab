/// What a table has applied and skipped since it started (ktables' `ViewStats`).
///
/// Counters are cumulative over the table's life: a rebuild after the topic was deleted and
/// created again empties the map but keeps counting (and bumps `rebuilds`).
public struct TableStats: Sendable, Equatable {
    /// Records that set a value (ktables' `records_applied`).
    public var setsApplied: Int = 0
    /// Records with a null value (tombstones), counted whether or not the key was present.
    public var tombstonesApplied: Int = 0
    /// Records without a key, skipped.
    public var keylessRecords: Int = 0
    /// Records whose key the key codec rejected, skipped.
    public var keyDecodeErrors: Int = 0
    /// Records whose value the value codec rejected, skipped; the key keeps its previous value.
    public var valueDecodeErrors: Int = 0
    /// Grouped tables only: records whose key is not a `GroupedKey`, skipped.
    public var foreignKeys: Int = 0
    /// How many times the map was emptied to be rebuilt (topic deleted and created again).
    public var rebuilds: Int = 0
    /// How long the latest catch-up took, once it has happened.
    public var catchUpDuration: Duration?
    /// `recordsApplied` at the moment of the latest catch-up (ktables' `replayed_at_catch_up`).
    public var recordsReplayedAtCatchUp: Int?

    /// All counters zero, no catch-up yet.
    public init() {}

    /// Sets and tombstones together: every record that changed (or confirmed) the map.
    public var recordsApplied: Int { setsApplied &+ tombstonesApplied }

    /// Every record skipped for any reason.
    public var recordsSkipped: Int { keylessRecords &+ keyDecodeErrors &+ valueDecodeErrors &+ foreignKeys }

    /// Notes that the table caught up after `duration`; a later catch-up (after a rebuild)
    /// replaces both catch-up figures.
    public mutating func recordCatchUp(after duration: Duration) {
        catchUpDuration = duration
        recordsReplayedAtCatchUp = recordsApplied
    }
}
