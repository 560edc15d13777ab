import Foundation

/// The process's memory as Linux reports it in `/proc/self/status` (for the benchmarks).
enum ProcessMemory {
    /// The resident set size now (`VmRSS`), `nil` where unknown.
    static var residentBytes: Int? { statusField("VmRSS:") }

    /// The anonymous part of the resident set (`RssAnon`: the heap and stacks, without the mapped
    /// code of the program and its libraries), `nil` where unknown.
    static var anonymousResidentBytes: Int? { statusField("RssAnon:") }

    /// The peak resident set size (`VmHWM`), `nil` where unknown.
    static var peakResidentBytes: Int? { statusField("VmHWM:") }

    /// A `kB` field of `/proc/self/status`, in bytes.
    private static func statusField(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) })
        else { return nil }
        return line.split(separator: " ").compactMap { Int($0) }.first.map { $0 * 1024 }
    }
}
