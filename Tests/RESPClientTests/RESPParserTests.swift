import NIOCore
import Testing

@testable import RESPClient

@Suite("RESP2 reply parsing and limits")
struct RESPParserTests {
    private func parse(_ text: String, limits: RESPDecoderLimits = RESPDecoderLimits()) throws -> (RESPValue?, Int) {
        var buffer = ByteBuffer(string: text)
        var needed = 0
        let value = try RESPParser(limits: limits).parse(&buffer, needed: &needed)
        return (value, value == nil ? needed : buffer.readableBytes)
    }

    @Test("Parses every RESP2 type, including nulls and nesting")
    func everyType() throws {
        #expect(try parse("+OK\r\n").0 == .simpleString("OK"))
        #expect(try parse("-ERR wrong\r\n").0 == .error("ERR wrong"))
        #expect(try parse(":-9223372036854775808\r\n").0 == .integer(.min))
        #expect(try parse("$5\r\na\r\nb!\r\n").0 == .bulk("a\r\nb!"))
        #expect(try parse("$0\r\n\r\n").0 == .bulk(""))
        #expect(try parse("$-1\r\n").0 == .bulkString(nil))
        #expect(try parse("*-1\r\n").0 == .array(nil))
        #expect(try parse("*0\r\n").0 == .array([]))
        #expect(try parse("*2\r\n:1\r\n*2\r\n$1\r\nx\r\n$-1\r\n").0 == .array([.integer(1), .array([.bulk("x"), .bulkString(nil)])]))
    }

    @Test("Leaves bytes after a complete value in the buffer")
    func leavesTheRest() throws {
        let (value, rest) = try parse(":1\r\n+NEXT\r\n")
        #expect(value == .integer(1))
        #expect(rest == 7)
    }

    @Test("Waits for incomplete replies at every cut point, and knows how many bytes a bulk needs")
    func incomplete() throws {
        let full = "*3\r\n$5\r\nhello\r\n:7\r\n+OK\r\n"
        for cut in 0..<full.utf8.count {
            let prefix = String(decoding: Array(full.utf8.prefix(cut)), as: UTF8.self)
            #expect(try parse(prefix).0 == nil)
        }
        #expect(try parse(full).0 == .array([.bulk("hello"), .integer(7), .simpleString("OK")]))
        #expect(try parse("$10\r\nabc").1 == 17)
    }

    @Test("Rejects malformed input rather than guessing")
    func malformed() {
        for bad in ["?x\r\n", ":12a\r\n", ":\r\n", ":99999999999999999999\r\n", "$-2\r\n", "*-5\r\n", "+OK\rX", "$2\r\nabXY"] {
            #expect(throws: RESPError.self, "\(bad.debugDescription)") { try parse(bad) }
        }
    }

    @Test("Enforces the bulk, array, depth and line limits before buffering the payload")
    func limits() {
        let limits = RESPDecoderLimits(maxBulkLength: 4, maxArrayCount: 2, maxDepth: 2, maxLineLength: 8, maxReplyBytes: 64)
        #expect(throws: RESPError.self) { try parse("$5\r\n", limits: limits) }
        #expect(throws: RESPError.self) { try parse("*3\r\n", limits: limits) }
        #expect(throws: RESPError.self) { try parse("*1\r\n*1\r\n*1\r\n", limits: limits) }
        #expect(throws: RESPError.self) { try parse("+123456789", limits: limits) }
        #expect(throws: RESPError.self) { try parse("+123456789\r\n", limits: limits) }
        #expect(throws: Never.self) { try parse("*1\r\n*1\r\n:1\r\n", limits: limits) }
        #expect(throws: Never.self) { try parse("$4\r\nabcd\r\n", limits: limits) }
    }
}
