import GregorCLISupport
import Testing

/// `gregor table` output: JSON lines and text rows for plain and grouped tables.
@Suite struct CLITableFormattingTests {
    @Test func plainEntriesAreKeyAndValueWithBase64ForBinaryAndNullForRemoved() {
        var output: [UInt8] = []
        TableEntryJSON.appendLine(key: Array("svc \"a\"".utf8), value: Array("ü".utf8), to: &output)
        TableEntryJSON.appendLine(key: [0xFF, 0x00], value: [0xC3], to: &output)
        TableEntryJSON.appendLine(key: Array("gone".utf8), value: nil, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == """
            {"key":"svc \\"a\\"","value":"ü"}
            {"key_base64":"/wA=","value_base64":"ww=="}
            {"key":"gone","value":null}

            """)
    }

    @Test func groupedEntriesNameGroupAndMember() {
        var output: [UInt8] = []
        TableEntryJSON.appendLine(group: "billing", member: "host:a", value: Array("up".utf8), to: &output)
        TableEntryJSON.appendLine(group: "", member: "m", value: nil, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == """
            {"group":"billing","member":"host:a","value":"up"}
            {"group":"","member":"m","value":null}

            """)
    }

    @Test func textRowsAlignOnTheWidestKey() {
        let text = TableEntryText(keys: [Array("a".utf8), Array("longer-key".utf8)])
        #expect(text.header == "KEY         VALUE")
        #expect(text.line(key: Array("a".utf8), value: Array("1\n2".utf8)) == "a           1\\n2")
        #expect(text.line(key: Array("longer-key".utf8), value: nil) == "longer-key  (deleted)")
        let grouped = TableEntryText(groups: ["billing"], members: ["h"])
        #expect(grouped.header == "GROUP    MEMBER  VALUE")
        #expect(grouped.line(group: "billing", member: "h", value: Array("up".utf8)) == "billing  h       up")
    }
}
