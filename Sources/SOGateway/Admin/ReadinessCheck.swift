import NIOCore

/// `/readyz`: ready when configuration is loaded and every dependency the request path needs is usable.
public struct ReadinessCheck: Sendable {
    /// One named probe; returns nil when healthy, else a short reason (never a secret).
    public struct Probe: Sendable {
        public var name: String
        public var run: @Sendable (any EventLoop) -> EventLoopFuture<String?>

        public init(name: String, run: @escaping @Sendable (any EventLoop) -> EventLoopFuture<String?>) {
            self.name = name
            self.run = run
        }
    }

    public struct Report: Sendable {
        public var ready: Bool
        public var checks: [(name: String, ok: Bool, detail: String)]
    }

    let probes: [Probe]

    public init(probes: [Probe]) {
        self.probes = probes
    }

    func evaluate(on loop: any EventLoop) -> EventLoopFuture<Report> {
        let futures = probes.map { probe in
            probe.run(loop).map { failure in (probe.name, failure) }.recover { _ in (probe.name, "probe failed") }
        }
        return EventLoopFuture.whenAllSucceed(futures, on: loop).map { results in
            let checks = results.map { (name: $0.0, ok: $0.1 == nil, detail: $0.1 ?? "ok") }
            return Report(ready: checks.allSatisfy(\.ok), checks: [("configuration", true, "ok")] + checks)
        }
    }
}
