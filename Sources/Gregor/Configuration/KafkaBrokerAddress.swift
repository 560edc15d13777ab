/// A broker's network address, `host:port`.
public struct KafkaBrokerAddress: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP address (IPv6 without brackets).
    public var host: String
    /// TCP port.
    public var port: Int

    /// Creates an address; the port must be in 1...65535.
    public init(host: String, port: Int) throws(KafkaError) {
        guard !host.isEmpty else { throw KafkaError(.invalidConfiguration, "broker address has an empty host") }
        guard (1...65_535).contains(port) else {
            throw KafkaError(.invalidConfiguration, "broker address \(host):\(port) has an invalid port")
        }
        self.host = host
        self.port = port
    }

    /// Parses `host:port`, `[ipv6]:port`; a missing port means 9092.
    public init(parsing text: String) throws(KafkaError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var host = trimmed
        var portText: Substring? = nil
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else {
                throw KafkaError(.invalidConfiguration, "broker address '\(text)' has an unclosed '['")
            }
            host = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
            let rest = trimmed[trimmed.index(after: close)...]
            if rest.hasPrefix(":") { portText = rest.dropFirst() } else if !rest.isEmpty {
                throw KafkaError(.invalidConfiguration, "broker address '\(text)' is not host:port")
            }
        } else if let colon = trimmed.lastIndex(of: ":") {
            guard trimmed.firstIndex(of: ":") == colon else {
                throw KafkaError(.invalidConfiguration, "broker address '\(text)': write IPv6 hosts as [host]:port")
            }
            host = String(trimmed[..<colon])
            portText = trimmed[trimmed.index(after: colon)...]
        }
        var port = 9092
        if let portText {
            guard let parsed = Int(portText) else {
                throw KafkaError(.invalidConfiguration, "broker address '\(text)' has an invalid port '\(portText)'")
            }
            port = parsed
        }
        try self.init(host: host, port: port)
    }

    /// Parses a comma-separated bootstrap list such as `a:9092,b:9092`.
    public static func parseList(_ text: String) throws(KafkaError) -> [KafkaBrokerAddress] {
        let parts = text.split(separator: ",").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !parts.isEmpty else { throw KafkaError(.invalidConfiguration, "the bootstrap server list is empty") }
        var result: [KafkaBrokerAddress] = []
        for part in parts { result.append(try KafkaBrokerAddress(parsing: part)) }
        return result
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        String(self.drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}

extension Set where Element == Character {
    fileprivate static let whitespaces: Set<Character> = [" ", "\t", "\n", "\r"]
}
