import Foundation

/// The CPU time this process has used, user plus system, all threads (for the benchmarks).
enum ProcessCPUTime {
    /// Seconds of CPU used so far; `nil` where `getrusage` fails.
    static var seconds: Double? {
        var usage = rusage()
        #if canImport(Glibc)
        let who = RUSAGE_SELF.rawValue  // an enum in Glibc, a plain constant elsewhere
        #else
        let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return nil }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
