import GregorProtocol

/// The Stream's chunks: the records of one partition's Fetch answer, decoded into columns.
extension MessageBatch: MergeChunk {}
