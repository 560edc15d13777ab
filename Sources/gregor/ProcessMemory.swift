import Foundation

/// The process's memory as Linux reports it in `/proc/self/status` (for the benchmarks).
enum ProcessMemory {
    /// The resident set size (`VmRSS`) and its anonymous part (`RssAnon`: the heap and stacks,
    /// without the mapped code of the program and its libraries), from one reading; 0 where unknown.
    static var residentAndAnonymousBytes: (resident: Int, anonymous: Int) {
        let status = self.status
        return (field("VmRSS:", in: status) ?? 0, field("RssAnon:", in: status) ?? 0)
    }

    /// The peak resident set size (`VmHWM`), `nil` where unknown.
    static var peakResidentBytes: Int? { statusField("VmHWM:") }

    /// A `kB` field of `/proc/self/status`, in bytes.
    private static func statusField(_ name: String) -> Int? {
        field(name, in: status)
    }

    /// `/proc/self/status`, empty where unreadable.
    private static var status: String {
        (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    }

    /// A `kB` field of `status`, in bytes.
    private static func field(_ name: String, in status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return nil }
        return line.split(separator: " ").compactMap { Int($0) }.first.map { $0 * 1024 }
    }
}
