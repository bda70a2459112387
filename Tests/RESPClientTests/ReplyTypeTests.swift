import NIOCore
import NIOPosix
import Testing

import RESPClient

@Suite("Reply types from a real redis-server")
struct ReplyTypeTests {
    @Test("Simple strings, integers, bulk strings (binary, empty, null) and arrays come back as sent")
    func scalarsAndArrays() async throws {
        try await TestRedis.withClient { client async throws in
            let key = TestRedis.key("types")
            let binary = "line1\r\nline2\0end ✓"
            #expect(try await client.send(["SET", key, binary]).get() == .simpleString("OK"))
            #expect(try await client.send(["GET", key]).get() == .bulk(binary))
            #expect(try await client.send(["GET", key + ":missing"]).get() == .bulkString(nil))
            #expect(try await client.send(["SET", key + ":empty", ""]).get() == .simpleString("OK"))
            #expect(try await client.send(["GET", key + ":empty"]).get() == .bulk(""))
            #expect(try await client.send(["INCRBY", key + ":n", "-42"]).get() == .integer(-42))
            #expect(try await client.send(["RPUSH", key + ":list", "a", "", "c"]).get() == .integer(3))
            #expect(try await client.send(["LRANGE", key + ":list", "0", "-1"]).get() == .array([.bulk("a"), .bulk(""), .bulk("c")]))
            #expect(try await client.send(["LRANGE", key + ":none", "0", "-1"]).get() == .array([]))
            _ = try await client.send(["DEL", key, key + ":empty", key + ":n", key + ":list"]).get()
        }
    }

    @Test("Byte arguments (every byte value, not UTF-8) reach Redis as they are, in commands, pipelines and scripts")
    func byteArguments() async throws {
        try await TestRedis.withClient { client async throws in
            let key = TestRedis.key("bytes")
            let bytes = ByteBuffer(bytes: (0...255).map(UInt8.init) + [0x1F, 0x8B, 0xFF, 0xFE])
            #expect(try await client.send(arguments: ["SET", .text(key), .bytes(bytes)]).get() == .simpleString("OK"))
            #expect(try await client.send(["GET", key]).get() == .bulkString(bytes))
            let piped = try await client.pipeline(arguments: [["SET", .text(key + ":p"), .bytes(bytes)], ["STRLEN", .text(key + ":p")]]).get()
            #expect(piped[1] == .integer(260))
            let script = RESPScript("redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[1])")
            #expect(try await client.evalScript(script, keys: [key + ":s"], arguments: [.bytes(bytes)]).get() == .bulkString(bytes))
        }
    }

    @Test("A null array (*-1) is distinct from an empty one")
    func nullArray() async throws {
        try await TestRedis.withClient { client async throws in
            let reply = try await client.send(["BLPOP", TestRedis.key("nothing"), "0.01"]).get()
            #expect(reply == .array(nil))
            #expect(reply.isNull)
        }
    }

    @Test("Nested arrays from a script keep their structure")
    func nested() async throws {
        try await TestRedis.withClient { client async throws in
            let reply = try await client.send(["EVAL", "return {1, {'two', {3}}, 'four'}", "0"]).get()
            #expect(reply == .array([.integer(1), .array([.bulk("two"), .array([.integer(3)])]), .bulk("four")]))
        }
    }

    @Test("An error reply fails send with RESPError.server but keeps the connection usable")
    func errorReply() async throws {
        try await TestRedis.withClient { client async throws in
            let key = TestRedis.key("wrongtype")
            _ = try await client.send(["SET", key, "text"]).get()
            let error = await #expect(throws: RESPError.self) { try await client.send(["INCR", key]).get() }
            guard case .server(let message) = error else {
                Issue.record("expected a server error, got \(String(describing: error))")
                return
            }
            #expect(message.hasPrefix("ERR") || message.hasPrefix("WRONGTYPE"))
            #expect(try await client.send(["DEL", key]).get() == .integer(1))
        }
    }

    @Test("PING answers and the future completes on the caller's event loop")
    func pingOnCallerLoop() async throws {
        try await TestRedis.withClient { client async throws in
            for loop in TestRedis.group.makeIterator() {
                let future = client.send(["PING"], on: loop)
                #expect(future.eventLoop === loop)
                let onLoop = try await future.map { _ in loop.inEventLoop }.get()
                #expect(onLoop)
                try await client.ping(on: loop).get()
            }
        }
    }

    @Test("A caller on a foreign event loop still gets its future on that loop")
    func foreignLoop() async throws {
        let foreign = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        try await TestRedis.withClient { client async throws in
            let loop = foreign.next()
            let future = client.send(["ECHO", "hi"], on: loop)
            #expect(future.eventLoop === loop)
            #expect(try await future.get() == .bulk("hi"))
        }
        try await foreign.shutdownGracefully()
    }
}
