import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal blocking TCP probe, independent of Gregor's client code: connects to `host:port` and
/// exchanges one ApiVersions v0 request, to show that something speaking Kafka answers there.
enum RawKafkaProbe {
    /// What the probe saw.
    struct Answer: Sendable, Equatable {
        /// The correlation id echoed by the broker.
        var correlationId: Int32
        /// The ApiVersions error code.
        var errorCode: Int16
    }

    /// Opens a TCP connection and closes it again; throws if the connection is refused or times out.
    static func connect(to address: String, timeout: Duration = .seconds(3)) throws {
        let socket = try openSocket(to: address, timeout: timeout)
        close(socket)
    }

    /// Sends ApiVersions v0 with `correlationId` and reads the response header and error code.
    static func apiVersions(at address: String, correlationId: Int32 = 0x4752, timeout: Duration = .seconds(3)) throws -> Answer {
        let socket = try openSocket(to: address, timeout: timeout)
        defer { close(socket) }
        let clientId = Array("gregor-probe".utf8)
        var request = [UInt8]()
        request += bigEndian(Int16(18))  // ApiVersions
        request += bigEndian(Int16(0))
        request += bigEndian(correlationId)
        request += bigEndian(Int16(clientId.count))
        request += clientId
        let frame = bigEndian(Int32(request.count)) + request
        try sendAll(socket, frame, address: address)
        let length = try readInt32(socket, address: address)
        guard length >= 6, length < 1 << 20 else { throw TestSupportError("\(address): implausible response length \(length)") }
        let body = try receiveExactly(socket, Int(length), address: address)
        let echoed = body[0..<4].reduce(Int32(0)) { $0 << 8 | Int32($1) }
        let errorCode = Int16(body[4]) << 8 | Int16(body[5])
        return Answer(correlationId: echoed, errorCode: errorCode)
    }

    private static func openSocket(to address: String, timeout: Duration) throws -> Int32 {
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            throw TestSupportError("not host:port: \(address)")
        }
        let host = String(address[..<colon])
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let info = list else {
            throw TestSupportError("cannot resolve \(address)")
        }
        defer { freeaddrinfo(list) }
        let socket = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard socket >= 0 else { throw TestSupportError("socket(): errno \(errno)") }
        var time = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        guard Glibc.connect(socket, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let error = errno
            close(socket)
            throw TestSupportError("connect to \(address) failed: \(String(cString: strerror(error)))")
        }
        return socket
    }

    private static func bigEndian<I: FixedWidthInteger>(_ value: I) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    private static func sendAll(_ socket: Int32, _ bytes: [UInt8], address: String) throws {
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw TestSupportError("\(address): send failed: \(String(cString: strerror(errno)))") }
            sent += written
        }
    }

    private static func readInt32(_ socket: Int32, address: String) throws -> Int32 {
        try receiveExactly(socket, 4, address: address).reduce(Int32(0)) { $0 << 8 | Int32($1) }
    }

    private static func receiveExactly(_ socket: Int32, _ count: Int, address: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var received = 0
        while received < count {
            let got = bytes[received...].withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if got == 0 { throw TestSupportError("\(address): connection closed after \(received) of \(count) bytes") }
            guard got > 0 else { throw TestSupportError("\(address): receive failed: \(String(cString: strerror(errno)))") }
            received += got
        }
        return bytes
    }
}
