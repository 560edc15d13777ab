#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import gregor

/// The benchmarks' CPU clocks: this process's (getrusage) and another process's (Linux scheduler
/// statistics), which the tables benchmark reads for the broker.
@Suite struct BenchProcessCPUTimeTests {
    #if os(Linux)
    @Test func anotherProcessesClockCountsTheCPUItsThreadsUse() throws {
        let pid = getpid()
        let before = try #require(ProcessCPUTime.seconds(ofProcess: pid))
        let rusageBefore = try #require(ProcessCPUTime.seconds)
        // Spin until this process's own clock shows 50 ms more CPU (asking it is work enough).
        while (ProcessCPUTime.seconds ?? .infinity) - rusageBefore < 0.05 {}
        let after = try #require(ProcessCPUTime.seconds(ofProcess: pid))
        // The same work by the scheduler's count (rusage ticks can lag by one tick).
        #expect(after - before >= 0.03)
        #expect(after - before < 10)
    }

    @Test func aProcessThatDoesNotExistHasNoClock() {
        #expect(ProcessCPUTime.seconds(ofProcess: Int32.max) == nil)
    }
    #endif
}
