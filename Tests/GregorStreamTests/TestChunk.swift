import GregorStream

/// A merge chunk made of plain rows, each with a payload naming it.
struct TestChunk: MergeChunk {
    struct Row: Sendable, Equatable {
        var offset: Int64
        var timestamp: Int64
        var payload: String
    }

    var rows: [Row]

    var count: Int { rows.count }
    func offset(at row: Int) -> Int64 { rows[row].offset }
    func timestamp(at row: Int) -> Int64 { rows[row].timestamp }
}
