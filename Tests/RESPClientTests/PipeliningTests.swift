import NIOCore
import Testing

import RESPClient

@Suite("Pipelining keeps replies matched to commands")
struct PipeliningTests {
    @Test("pipeline returns replies in command order, with error replies kept as values")
    func batchInOrder() async throws {
        try await TestRedis.withClient { client async throws in
            let key = TestRedis.key("pipe")
            var commands = [["SET", key, "0"]]
            for _ in 0..<200 {
                commands.append(["INCR", key])
            }
            commands.append(["HGET", key, "field"])
            commands.append(["ECHO", "last"])
            let replies = try await client.pipeline(commands).get()
            #expect(replies.count == commands.count)
            #expect(replies.first == .simpleString("OK"))
            for index in 1...200 {
                #expect(replies[index] == .integer(Int64(index)))
            }
            guard case .error(let message) = replies[201] else {
                Issue.record("expected an error value, got \(replies[201])")
                return
            }
            #expect(message.hasPrefix("WRONGTYPE"))
            #expect(replies[202] == .bulk("last"))
            _ = try await client.send(["DEL", key]).get()
        }
    }

    @Test("Thousands of concurrent commands from many loops and tasks each get their own reply")
    func concurrentSends() async throws {
        try await TestRedis.withClient { client async throws in
            let loops = Array(TestRedis.group.makeIterator())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<8 {
                    group.addTask { () async throws -> Void in
                        var futures = [(String, EventLoopFuture<RESPValue>)]()
                        for index in 0..<500 {
                            let payload = "t\(task)-\(index)-" + String(repeating: "x", count: index % 37)
                            let loop = loops[(task + index) % loops.count]
                            futures.append((payload, client.send(["ECHO", payload], on: loop)))
                        }
                        for (payload, future) in futures {
                            #expect(try await future.get() == .bulk(payload))
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("Pipelines and single commands interleaved on one loop do not cross replies")
    func interleaved() async throws {
        try await TestRedis.withClient { client async throws in
            let loop = TestRedis.group.next()
            var singles = [EventLoopFuture<RESPValue>]()
            var batches = [EventLoopFuture<[RESPValue]>]()
            for index in 0..<100 {
                singles.append(client.send(["ECHO", "s\(index)"], on: loop))
                batches.append(client.pipeline([["ECHO", "a\(index)"], ["ECHO", "b\(index)"]], on: loop))
            }
            for index in 0..<100 {
                #expect(try await singles[index].get() == .bulk("s\(index)"))
                #expect(try await batches[index].get() == [.bulk("a\(index)"), .bulk("b\(index)")])
            }
        }
    }
}
