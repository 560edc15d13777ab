import Gregor
import GregorProtocol

extension FetchedRecords {
    /// Decodes into `sink` and returns the error that stopped the decode instead of throwing it
    /// (what decoded before it stays in the sink): the reader applies what it can, then fails.
    mutating func decodeReportingError<Sink: RecordSink>(into sink: inout Sink, using decoder: inout RecordBatchDecoder) -> KafkaDecodingError? {
        do throws(KafkaDecodingError) {
            try decode(into: &sink, using: &decoder)
            return nil
        } catch {
            return error
        }
    }
}
