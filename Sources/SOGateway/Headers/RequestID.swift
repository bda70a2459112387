import Atomics
import NIOHTTP1
import NIOPosix

/// Request ids tie a partner's call to the gateway's and SuperOffice's logs.
public enum RequestID {
    /// The partner's `X-Request-Id` when well formed (1-128 of `A-Za-z0-9._:-`), else a fresh random id.
    public static func choose(from headers: HTTPHeaders) -> String {
        if let given = headers.first(name: "X-Request-Id"), isWellFormed(given) {
            return given
        }
        return generate()
    }

    public static func isWellFormed(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard !utf8.isEmpty, utf8.count <= 128 else { return false }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: ":"), UInt8(ascii: "-"):
                continue
            default:
                return false
            }
        }
        return true
    }

    /// 32 lowercase hex characters: 64 random bits chosen once per event loop (thread), then that loop's counter.
    ///
    /// Ids must be unique, not secret; drawing 128 fresh random bits per request would cost two `getrandom`
    /// system calls on the hot path, and one process-wide counter would make every loop contend for it.
    public static func generate() -> String {
        let sequence = Sequence.current
        let prefix = sequence.prefix
        let number = sequence.counter.wrappingIncrementThenLoad(ordering: .relaxed)
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 32) { buffer in
            digits.withUTF8Buffer { hex in
                for index in 0..<32 {
                    let word = index < 16 ? prefix : number
                    let shift = UInt64(60 - 4 * (index % 16))
                    buffer[index] = hex[Int((word >> shift) & 0xF)]
                }
            }
            return 32
        }
    }

    /// One loop's ids: its own random prefix and counter. The counter is atomic only so the type is `Sendable`;
    /// just its own thread ever increments it, so the increment never contends.
    private final class Sequence: Sendable {
        let prefix: UInt64
        let counter = ManagedAtomic<UInt64>(0)

        init() {
            var generator = SystemRandomNumberGenerator()
            prefix = generator.next()
        }

        static var current: Sequence {
            if let existing = perThread.currentValue { return existing }
            let made = Sequence()
            perThread.currentValue = made
            return made
        }

        private static let perThread = ThreadSpecificVariable<Sequence>()
    }
}
