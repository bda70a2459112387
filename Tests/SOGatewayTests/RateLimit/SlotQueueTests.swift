import NIOCore
import NIOEmbedded
import Testing

@testable import SOGateway

@Suite("The in-flight cap's queue: first come, first served, with deadlines")
struct SlotQueueTests {
    @Test("Slots are taken up to the limit; a freed slot goes to the longest waiter, never to a newcomer")
    func fifoHandOver() {
        var queue = SlotQueue<Int>()
        let r1 = queue.tryAcquire(limit: 2)
        #expect(r1)
        let r2 = queue.tryAcquire(limit: 2)
        #expect(r2)
        let r3 = queue.tryAcquire(limit: 2)
        #expect(!r3)
        queue.enqueue(1)
        queue.enqueue(2)
        let r4 = queue.release()
        #expect(r4 == 1, "the first waiter gets the slot")
        #expect(queue.inFlight == 2, "handed over, still taken")
        let r5 = queue.tryAcquire(limit: 3)
        #expect(!r5, "a newcomer does not jump the queue even under a higher limit")
        let r6 = queue.release()
        #expect(r6 == 2)
        let r7 = queue.release()
        #expect(r7 == nil)
        let r8 = queue.release()
        #expect(r8 == nil)
        #expect(queue.isIdle)
    }

    @Test("A waiter whose deadline passed leaves the queue; one already handed a slot cannot cancel")
    func cancel() {
        var queue = SlotQueue<Int>()
        let r9 = queue.tryAcquire(limit: 1)
        #expect(r9)
        queue.enqueue(7)
        queue.enqueue(8)
        let r10 = queue.cancel(7)
        #expect(r10)
        let r11 = queue.release()
        #expect(r11 == 8)
        let r12 = queue.cancel(8)
        #expect(!r12)
        let r13 = queue.cancel(9)
        #expect(!r13)
    }

    @Test("The limiter queues callers with deadlines on the loop's clock and hands slots in arrival order")
    func limiterOnAnEmbeddedLoop() throws {
        let loop = EmbeddedEventLoop()
        let limiter = ConcurrencyLimiter()
        #expect(try limiter.acquire("k", limit: 1, waitingUpTo: .seconds(1), on: loop).wait())
        let first = limiter.acquire("k", limit: 1, waitingUpTo: .seconds(1), on: loop)
        let second = limiter.acquire("k", limit: 1, waitingUpTo: .milliseconds(500), on: loop)
        let third = limiter.acquire("k", limit: 1, waitingUpTo: .seconds(2), on: loop)
        #expect(limiter.waiting("k") == 3)
        loop.advanceTime(by: .milliseconds(500))
        #expect(try second.wait() == false, "its deadline passed")
        limiter.release("k")
        #expect(try first.wait() == true, "the longest waiter gets the freed slot")
        loop.advanceTime(by: .milliseconds(600))
        #expect(limiter.waiting("k") == 1, "the third still waits within its two seconds")
        limiter.release("k")
        #expect(try third.wait() == true)
        #expect(limiter.current("k") == 1)
        limiter.release("k")
        #expect(limiter.current("k") == 0)
        #expect(try limiter.acquire("k", limit: 0, waitingUpTo: .zero, on: loop).wait() == false, "no wait allowed: refused at once")
    }
}
