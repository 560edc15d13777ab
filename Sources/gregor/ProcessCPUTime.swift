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

    /// Seconds of CPU process `pid` on this machine has used so far, all its threads, from Linux's
    /// per-thread scheduler statistics (nanoseconds, unlike the 10 ms ticks of `/proc/PID/stat`);
    /// `nil` where they cannot be read. Threads that have ended no longer count, so a difference
    /// is right for processes whose threads live on (a broker's).
    static func seconds(ofProcess pid: Int32) -> Double? {
        let tasks = "/proc/\(pid)/task"
        guard let threads = try? FileManager.default.contentsOfDirectory(atPath: tasks), !threads.isEmpty else { return nil }
        var nanoseconds: UInt64 = 0
        for thread in threads {
            // The first field of schedstat is the time spent on the CPU, in nanoseconds.
            guard let text = try? String(contentsOfFile: "\(tasks)/\(thread)/schedstat", encoding: .utf8),
                let field = text.split(separator: " ").first, let value = UInt64(field)
            else { continue }
            nanoseconds &+= value
        }
        return Double(nanoseconds) / 1_000_000_000
    }
}
