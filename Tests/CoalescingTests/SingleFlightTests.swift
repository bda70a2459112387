import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import Coalescing

@Suite("Single flight")
struct SingleFlightTests {
    private struct UpstreamFailed: Error, Equatable {}

    @Test("50 concurrent identical calls start one upstream call and all get its result")
    func concurrentJoins() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let flight = SingleFlight<String, Int>()
        let starts = NIOLockedValueBox(0)
        let upstream = loop.makePromise(of: Int.self)
        let results = await withTaskGroup(of: (EventLoopFuture<Int>, Bool).self) { group in
            for _ in 0..<50 {
                group.addTask {
                    flight.run("key", on: loop) {
                        starts.withLockedValue { $0 += 1 }
                        return upstream.futureResult
                    }
                }
            }
            var collected: [(EventLoopFuture<Int>, Bool)] = []
            for await result in group {
                collected.append(result)
            }
            return collected
        }
        #expect(starts.withLockedValue { $0 } == 1)
        #expect(results.filter { $0.1 }.count == 49)
        #expect(flight.inFlight == 1)
        upstream.succeed(42)
        for (future, _) in results {
            #expect(try await future.get() == 42)
        }
        #expect(flight.inFlight == 0)
    }

    @Test("an upstream error reaches every waiter")
    func errorPropagates() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let flight = SingleFlight<Int, String>()
        let upstream = loop.makePromise(of: String.self)
        let leader = flight.run(1, on: loop) { upstream.futureResult }
        let follower = flight.run(1, on: loop) { loop.makeSucceededFuture("must not run") }
        #expect(!leader.joined)
        #expect(follower.joined)
        upstream.fail(UpstreamFailed())
        await #expect(throws: UpstreamFailed.self) { try await leader.future.get() }
        await #expect(throws: UpstreamFailed.self) { try await follower.future.get() }
        #expect(flight.inFlight == 0)
    }

    @Test("the key is released after completion, so a later call starts again")
    func keyReleased() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let flight = SingleFlight<Int, Int>()
        let starts = NIOLockedValueBox(0)
        for round in 1...3 {
            let call = flight.run(7, on: loop) {
                starts.withLockedValue { $0 += 1 }
                return loop.makeSucceededFuture(round)
            }
            #expect(!call.joined)
            #expect(try await call.future.get() == round)
        }
        #expect(starts.withLockedValue { $0 } == 3)
    }

    @Test("a waiter that reacts to the result starts a fresh call")
    func releasedBeforeDelivery() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let flight = SingleFlight<Int, Int>()
        let upstream = loop.makePromise(of: Int.self)
        let first = flight.run(1, on: loop) { upstream.futureResult }
        let second = first.future.map { _ in
            flight.run(1, on: loop) { loop.makeSucceededFuture(2) }.joined
        }
        upstream.succeed(1)
        #expect(try await second.get() == false)
    }

    @Test("different keys do not wait for each other")
    func keysIndependent() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let flight = SingleFlight<String, Int>()
        let slow = loop.makePromise(of: Int.self)
        let a = flight.run("a", on: loop) { slow.futureResult }
        let b = flight.run("b", on: loop) { loop.makeSucceededFuture(2) }
        #expect(!b.joined)
        #expect(try await b.future.get() == 2)
        #expect(flight.inFlight == 1)
        slow.succeed(1)
        #expect(try await a.future.get() == 1)
    }

    @Test("waiters get their future on their own event loop")
    func hopsToCallerLoop() async throws {
        let first = MultiThreadedEventLoopGroup.singleton.next()
        let second = MultiThreadedEventLoopGroup.singleton.next()
        let flight = SingleFlight<Int, Int>()
        let upstream = first.makePromise(of: Int.self)
        _ = flight.run(1, on: first) { upstream.futureResult }
        let joined = flight.run(1, on: second) { second.makeSucceededFuture(0) }
        #expect(joined.joined)
        #expect(joined.future.eventLoop === second)
        upstream.succeed(5)
        #expect(try await joined.future.get() == 5)
    }
}

@Suite("Flight")
struct FlightTests {
    @Test("the leader and every joiner land, in the order they joined")
    func landsEveryWaiterInOrder() {
        var flight = Flight(leader: "leader")
        flight.join("second")
        flight.join("third")
        #expect(flight.land() == ["leader", "second", "third"])
    }

    @Test("a flight started without a waiter lands only those who joined")
    func backgroundFlight() {
        var flight = Flight<Int>()
        #expect(flight.waiters.isEmpty)
        flight.join(7)
        #expect(flight.land() == [7])
    }
}
