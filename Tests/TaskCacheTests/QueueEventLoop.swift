import Dispatch
import NIOCore

/// A minimal event loop on a serial dispatch queue. TaskCacheTests may depend only on TaskCache, and NIOCore
/// ships no concrete loop, so single-flight tests run their futures here.
///
/// `@unchecked Sendable` is safe: both stored properties are immutable after `init`; `DispatchQueue` is
/// thread-safe, and the `DispatchSpecificKey` is only used as an identity token for `getSpecific`.
final class QueueEventLoop: EventLoop, @unchecked Sendable {
    private let queue: DispatchQueue
    private let key = DispatchSpecificKey<Bool>()

    init(label: String) {
        queue = DispatchQueue(label: label)
        queue.setSpecific(key: key, value: true)
    }

    var inEventLoop: Bool {
        DispatchQueue.getSpecific(key: key) == true
    }

    func execute(_ task: @escaping @Sendable () -> Void) {
        queue.async(execute: task)
    }

    @discardableResult
    func scheduleTask<T>(deadline: NIODeadline, _ task: @escaping @Sendable () throws -> T) -> Scheduled<T> {
        scheduleTask(in: deadline - .now(), task)
    }

    @discardableResult
    func scheduleTask<T>(in delay: TimeAmount, _ task: @escaping @Sendable () throws -> T) -> Scheduled<T> {
        let promise = makePromise(of: T.self)
        let nanoseconds = Int(max(delay.nanoseconds, 0))
        queue.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
            do {
                // Runs on this loop's queue, so the non-Sendable value never leaves the loop.
                promise.assumeIsolated().succeed(try task())
            } catch {
                promise.fail(error)
            }
        }
        return Scheduled(promise: promise) {
            promise.fail(EventLoopError.cancelled)
        }
    }

    func next() -> any EventLoop {
        self
    }

    func makeIterator() -> EventLoopIterator {
        EventLoopIterator([self])
    }

    func shutdownGracefully(queue: DispatchQueue, _ callback: @escaping @Sendable ((any Error)?) -> Void) {
        queue.async { callback(nil) }
    }
}
