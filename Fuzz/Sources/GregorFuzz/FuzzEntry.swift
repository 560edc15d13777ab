import GregorProtocol
import NIOCore

/// libFuzzer's entry point. Any input must end in a decoded value or a typed error; a trap, a
/// sanitizer report or a hang is a finding. Decoded messages must also survive encode → decode
/// unchanged (a mismatch traps on purpose: that is a finding too).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 3 else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: size)
    let target = FuzzTarget(selector: input[0])
    let version = Int16(bitPattern: UInt16(input[1]) << 8 | UInt16(input[2]))
    let payload = ByteBuffer(bytes: input[3...])
    switch target {
    case .recordBatches(let verifyCRC, let readCommitted):
        fuzzRecordBatches(payload, verifyCRC: verifyCRC, readCommitted: readCommitted)
    case .responseHeader:
        var buffer = payload
        _ = try? ResponseHeader(from: &buffer, version: version & 1)
    case .response(let api):
        roundTrip(api.responseType, payload, version: version)
    case .request(let api):
        roundTrip(api.requestType, payload, version: version)
    }
    return 0
}

/// Decodes `payload` as `type` at `version`; when that succeeds, re-encodes and decodes again and
/// requires the same value.
func roundTrip<Message: KafkaMessage>(_ type: Message.Type, _ payload: ByteBuffer, version: Int16) {
    let clamped = clampedVersion(version, to: Message.supportedVersions)
    var buffer = payload
    guard let decoded = try? Message(from: &buffer, version: clamped) else { return }
    var encoded = ByteBuffer()
    do {
        try decoded.encode(into: &encoded, version: clamped)
    } catch {
        // A decoded value must be encodable at the version it was decoded from.
        fatalError("fuzz finding: \(Message.self) v\(clamped) decoded but does not re-encode: \(error)")
    }
    guard let again = try? Message(from: &encoded, version: clamped), again == decoded else {
        fatalError("fuzz finding: \(Message.self) v\(clamped) changed across encode/decode")
    }
}

/// Maps any 16-bit version into the supported range so most inputs exercise a real version.
func clampedVersion(_ version: Int16, to range: ClosedRange<Int16>) -> Int16 {
    let span = Int(range.upperBound - range.lowerBound) + 1
    return range.lowerBound + Int16((Int(UInt16(bitPattern: version)) % span))
}

/// Decodes record batches into the columnar builder and checks the builder's invariants.
func fuzzRecordBatches(_ payload: ByteBuffer, verifyCRC: Bool, readCommitted: Bool) {
    var builder = MessageBatchBuilder(capacity: 16, averageMessageSize: 16)
    var options = RecordBatchDecodingOptions()
    options.verifyCRC = verifyCRC
    options.maxDecompressedBatchSize = 4 << 20
    if readCommitted {
        options.abortedTransactions = [AbortedTransaction(producerId: 1, firstOffset: 0)]
    }
    let summary = try? RecordBatchDecoder.decode(
        payload, location: RecordLocation(topic: "fuzz", partition: 0), into: &builder, options: options)
    let batch = builder.finish()
    if let summary, summary.recordCount != batch.count {
        fatalError("fuzz finding: summary counts \(summary.recordCount) records, batch holds \(batch.count)")
    }
}
