import GregorTables
import Testing

/// Expected values follow ktables 2.0.0 `LengthPrefixedKeyCodec` (grouped_table.py:66-102),
/// written out by hand.
@Suite struct GroupedKeyTests {
    @Test func encodesLengthColonGroupMember() {
        #expect(GroupedKey.encode(group: "svc", member: "a") == "3:svca")
        #expect(GroupedKey.encode(group: "orders", member: "worker-1") == "6:ordersworker-1")
    }

    @Test func encodesEmptyGroupAndMember() {
        #expect(GroupedKey.encode(group: "", member: "m") == "0:m")
        #expect(GroupedKey.encode(group: "g", member: "") == "1:g")
        #expect(GroupedKey.encode(group: "", member: "") == "0:")
    }

    @Test func lengthCountsUnicodeScalarsNotBytesOrCharacters() {
        // U+00E9: 1 scalar, 2 UTF-8 bytes.
        #expect(scalars(GroupedKey.encode(group: "\u{E9}", member: "x")) == [0x31, 0x3A, 0xE9, 0x78])
        // e + U+0301: 1 Character, 2 scalars.
        #expect(scalars(GroupedKey.encode(group: "e\u{301}", member: "x")) == [0x32, 0x3A, 0x65, 0x301, 0x78])
        // Thumbs up with skin tone: 1 Character, 2 scalars, 8 UTF-8 bytes.
        #expect(scalars(GroupedKey.encode(group: "👍🏽", member: "")) == [0x32, 0x3A, 0x1F44D, 0x1F3FD])
        // Family emoji joined by ZWJ: 5 scalars.
        #expect(GroupedKey.encode(group: "👨‍👩‍👧", member: "m").hasPrefix("5:"))
    }

    @Test func encodesMultiDigitLengths() {
        let group = String(repeating: "g", count: 12)
        #expect(GroupedKey.encode(group: group, member: "m") == "12:ggggggggggggm")
    }

    @Test func colonsAndDigitsInsideGroupAndMemberAreData() {
        #expect(GroupedKey.encode(group: "a:b", member: "c:d") == "3:a:bc:d")
        #expect(GroupedKey.encode(group: "12", member: "3") == "2:123")
        let decoded = GroupedKey.decode("3:a:bc:d")
        #expect(decoded?.group == "a:b")
        #expect(decoded?.member == "c:d")
    }

    @Test func distinctPairsGiveDistinctKeys() {
        #expect(GroupedKey.encode(group: "a", member: "bc") == "1:abc")
        #expect(GroupedKey.encode(group: "ab", member: "c") == "2:abc")
    }

    @Test func decodesOwnFormat() {
        let decoded = GroupedKey.decode("3:svca")
        #expect(decoded?.group == "svc")
        #expect(decoded?.member == "a")
    }

    @Test func decodesEmptyGroupAndEmptyMember() {
        #expect(GroupedKey.decode("0:")?.group == "")
        #expect(GroupedKey.decode("0:")?.member == "")
        #expect(GroupedKey.decode("0:abc")?.member == "abc")
        #expect(GroupedKey.decode("3:abc")?.group == "abc")
        #expect(GroupedKey.decode("3:abc")?.member == "")
    }

    @Test func splitsAtScalarCountEvenInsideACharacter() {
        // ktables slices code points: "1:e\u0301" is group "e", member "\u0301".
        let decoded = GroupedKey.decode("1:e\u{301}")
        #expect(decoded.map { scalars($0.group) } == [0x65])
        #expect(decoded.map { scalars($0.member) } == [0x301])
        let whole = GroupedKey.decode("2:e\u{301}x")
        #expect(whole.map { scalars($0.group) } == [0x65, 0x301])
        #expect(whole.map { scalars($0.member) } == [0x78])
    }

    @Test func decodesNonASCIIGroups() {
        let accented = GroupedKey.decode("1:\u{E9}\u{E9}")
        #expect(accented.map { scalars($0.group) } == [0xE9])
        #expect(accented.map { scalars($0.member) } == [0xE9])
        let emoji = GroupedKey.decode("2:👍🏽ok")
        #expect(emoji.map { scalars($0.group) } == [0x1F44D, 0x1F3FD])
        #expect(emoji?.member == "ok")
    }

    @Test(arguments: [
        "",  // nothing
        "abc",  // no colon
        "3",  // no colon
        ":abc",  // empty length
        "01:ab",  // leading zero
        "00:",  // leading zero, even for zero
        "007:abcdefg",  // leading zeros
        "-1:a",  // sign
        "+1:a",  // sign
        " 1:a",  // space before
        "1 :a",  // space after
        "1_0:aaaaaaaaaa",  // underscore (Python's int() accepts it)
        "0x1:a",  // hex
        "\u{661}:a",  // ARABIC-INDIC DIGIT ONE
        "\u{FF11}:a",  // FULLWIDTH DIGIT ONE
        "\u{B9}:a",  // SUPERSCRIPT ONE
        "4:abc",  // longer than what follows
        "1:",  // longer than what follows (nothing)
        "2:\u{E9}",  // one scalar follows, not two (though two UTF-8 bytes)
        "9223372036854775807:abc",  // Int64.max
        "9223372036854775808:abc",  // Int64.max + 1
        "99999999999999999999999999999999:abc",
    ])
    func rejectsForeignKeys(key: String) {
        #expect(GroupedKey.decode(key) == nil)
    }

    @Test func rejectsAThousandDigitLength() {
        #expect(GroupedKey.decode(String(repeating: "9", count: 1000) + ":" + String(repeating: "x", count: 10)) == nil)
    }

    @Test func firstColonEndsTheLength() {
        // "1:2:ab" is group "2", member ":ab" — not length 12.
        let decoded = GroupedKey.decode("1:2:ab")
        #expect(decoded?.group == "2")
        #expect(decoded?.member == ":ab")
    }

    @Test(arguments: [
        ("", ""), ("svc", "a"), ("a:b", "c:d"), ("12", "3"), ("\u{E9}", "e\u{301}"), ("👨‍👩‍👧", "🇫🇷"),
        (":", ":"), ("0", "0:"), (String(repeating: "long", count: 40), "m"),
    ])
    func roundTrips(group: String, member: String) {
        let decoded = GroupedKey.decode(GroupedKey.encode(group: group, member: member))
        #expect(decoded.map { scalars($0.group) } == scalars(group))
        #expect(decoded.map { scalars($0.member) } == scalars(member))
    }
}
