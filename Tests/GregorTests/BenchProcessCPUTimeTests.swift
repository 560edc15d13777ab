#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import gregor

/// The clock the tables benchmark reads for the broker: another process's CPU time, from Linux's
/// per-thread scheduler statistics.
@Suite struct BenchProcessCPUTimeTests {
    #if os(Linux)
    @Test func anotherProcessesClockGrowsWhileItRuns() async throws {
        // A single-threaded child that only burns CPU (no thread of it ends, whose time would drop out).
        let child = try Spawn.launch("/bin/sh", arguments: ["-c", "while :; do :; done"], stdin: .null, stdout: .null, stderr: .null)
        let exit = ChildExit(pid: child.pid)
        defer {
            kill(child.pid, SIGKILL)
            exit.wait(seconds: 10)
        }
        let first = try #require(ProcessCPUTime.seconds(ofProcess: child.pid))
        var last = first
        let deadline = ContinuousClock.now + .seconds(20)
        while last - first < 0.02, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            let now = try #require(ProcessCPUTime.seconds(ofProcess: child.pid))
            #expect(now >= last)
            last = now
        }
        #expect(last - first >= 0.02)
    }

    @Test func aProcessThatDoesNotExistHasNoClock() {
        #expect(ProcessCPUTime.seconds(ofProcess: Int32.max) == nil)
    }
    #endif
}
