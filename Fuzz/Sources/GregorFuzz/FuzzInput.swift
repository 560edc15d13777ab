import GregorProtocol
import NIOCore

/// How the fuzzer's bytes are read: byte 0 picks the target, bytes 1–2 the version (big-endian),
/// the rest is the payload handed to the decoder.
///
/// Targets: 0 = record-batch decoder with CRC checks, 1 = record-batch decoder without CRC checks
/// (so the fuzzer can reach record parsing), 2 = record batches with read_committed filtering,
/// 3 = response header, 4… = one generated response type each (`KafkaAPI.allCases` order), then the
/// request types.
enum FuzzTarget {
    case recordBatches(verifyCRC: Bool, readCommitted: Bool)
    case responseHeader
    case response(KafkaAPI)
    case request(KafkaAPI)

    static let fixedTargetCount = 4

    init(selector: UInt8) {
        let apis = KafkaAPI.allCases
        let index = Int(selector) % (Self.fixedTargetCount + 2 * apis.count)
        switch index {
        case 0: self = .recordBatches(verifyCRC: true, readCommitted: false)
        case 1: self = .recordBatches(verifyCRC: false, readCommitted: false)
        case 2: self = .recordBatches(verifyCRC: false, readCommitted: true)
        case 3: self = .responseHeader
        default:
            let apiIndex = index - Self.fixedTargetCount
            self = apiIndex < apis.count ? .response(apis[apiIndex]) : .request(apis[apiIndex - apis.count])
        }
    }

    /// The selector byte that reaches `self` (used to build the seed corpus).
    var selector: UInt8 {
        let apis = KafkaAPI.allCases
        switch self {
        case .recordBatches(let verifyCRC, let readCommitted):
            return readCommitted ? 2 : (verifyCRC ? 0 : 1)
        case .responseHeader: return 3
        case .response(let api): return UInt8(Self.fixedTargetCount + (apis.firstIndex(of: api) ?? 0))
        case .request(let api): return UInt8(Self.fixedTargetCount + apis.count + (apis.firstIndex(of: api) ?? 0))
        }
    }
}
