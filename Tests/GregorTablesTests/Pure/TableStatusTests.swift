import GregorTables
import Testing

@Suite struct TableStatusTests {
    struct Boom: Error, Sendable, CustomStringConvertible {
        var description: String { "authorization failed" }
    }

    @Test func namesAreStableSnakeCase() {
        let statuses: [TableStatus] = [.unstarted, .loading, .caughtUp, .degraded, .failed(Boom()), .stopped]
        #expect(statuses.map(\.name) == ["unstarted", "loading", "caught_up", "degraded", "failed", "stopped"])
    }

    @Test func failedCarriesTheError() {
        let status = TableStatus.failed(Boom())
        #expect(status.failure is Boom)
        #expect(status.description == "failed: authorization failed")
        #expect(TableStatus.loading.failure == nil)
        #expect(TableStatus.caughtUp.description == "caught_up")
    }

    @Test func onlyCaughtUpIsCaughtUp() {
        #expect(TableStatus.caughtUp.isCaughtUp)
        #expect(!TableStatus.degraded.isCaughtUp)
        #expect(!TableStatus.stopped.isCaughtUp)
    }

    @Test func statsStartAtZero() {
        let stats = TableStats()
        #expect(stats.recordsApplied == 0)
        #expect(stats.recordsSkipped == 0)
        #expect(stats.catchUpDuration == nil)
        #expect(stats.recordsReplayedAtCatchUp == nil)
    }

    @Test func statsTotals() {
        var stats = TableStats()
        stats.setsApplied = 5
        stats.tombstonesApplied = 2
        stats.keylessRecords = 1
        stats.keyDecodeErrors = 2
        stats.valueDecodeErrors = 3
        stats.foreignKeys = 4
        #expect(stats.recordsApplied == 7)
        #expect(stats.recordsSkipped == 10)
    }

    @Test func latestCatchUpWins() {
        var stats = TableStats()
        stats.setsApplied = 3
        stats.recordCatchUp(after: .seconds(1))
        stats.tombstonesApplied = 1
        stats.recordCatchUp(after: .seconds(2))
        #expect(stats.catchUpDuration == .seconds(2))
        #expect(stats.recordsReplayedAtCatchUp == 4)
    }
}
