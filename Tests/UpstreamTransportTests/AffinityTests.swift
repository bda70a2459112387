import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
import UpstreamTransport

@Suite struct AffinityTests {
    @Test func futureCompletesOnTheCallersLoopWhenCalledFromElsewhere() async throws {
        try await withPool(loops: 2) { group, pool in
            let server = try await TestHTTPServer.start(group: group)
            let loops = Array(group.makeIterator())
            for loop in loops {
                // Called from a Swift task, i.e. not on `loop`: the pool hops.
                let future = pool.execute(UpstreamRequest(method: .GET, target: "/"), to: local(server.port), on: loop)
                #expect(future.eventLoop === loop)
                let ranOnLoop = try await future.map { _ in loop.inEventLoop }.get()
                #expect(ranOnLoop)
            }
            await server.stop()
        }
    }

    @Test func callFromAnotherLoopCompletesOnTheRequestedLoop() async throws {
        try await withPool(loops: 2) { group, pool in
            let server = try await TestHTTPServer.start(group: group)
            let loops = Array(group.makeIterator())
            let (caller, target) = (loops[0], loops[1])
            let ranOnTarget = try await caller.flatSubmit {
                pool.execute(UpstreamRequest(method: .GET, target: "/"), to: local(server.port), on: target)
                    .map { _ in target.inEventLoop }
            }.get()
            #expect(ranOnTarget)
            await server.stop()
        }
    }

    @Test func eachLoopOwnsItsConnections() async throws {
        try await withPool(loops: 2) { group, pool in
            let server = try await TestHTTPServer.start(group: group)
            let loops = Array(group.makeIterator())
            for _ in 0..<3 {
                for loop in loops {
                    _ = try await pool.send(to: local(server.port), on: loop)
                }
            }
            // One keep-alive connection per loop, each reused.
            #expect(server.log.opened == 2)
            let perConnection = Dictionary(grouping: server.requests, by: \.connection).mapValues(\.count)
            #expect(perConnection == [0: 3, 1: 3])
            await server.stop()
        }
    }

    @Test func loopOutsideTheGroupIsServedToo() async throws {
        let other = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        try await withPool { group, pool in
            let server = try await TestHTTPServer.start(group: group)
            let foreign = other.next()
            let future = pool.execute(UpstreamRequest(method: .GET, target: "/"), to: local(server.port), on: foreign)
            #expect(future.eventLoop === foreign)
            let response = try await future.get()
            #expect(response.text == "hello")
            await server.stop()
        }
        try await other.shutdownGracefully()
    }
}
