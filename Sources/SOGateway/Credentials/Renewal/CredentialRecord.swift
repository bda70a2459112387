import Foundation
import GatewayClock
import NIOConcurrencyHelpers
import NIOCore
import Tracing

/// Keeps one renewable credential's `CredentialStatus` and counts its renewals in
/// `so_gateway_credential_renewals_total{kind, result}`, for the status page, the dashboard and the alerts.
public final class CredentialRecord: Sendable {
    static let renewalsMetric = "so_gateway_credential_renewals_total"

    private let box: NIOLockedValueBox<CredentialStatus>
    private let metrics: GatewayMetrics?
    private let clock: GatewayClock
    /// When tracing: a span per renewal.
    private let spans: (any SpanSource)?

    /// - Parameters:
    ///   - kind: the credential mode's name.
    ///   - metrics: where renewals are counted; both results are exported from the start, at zero.
    ///   - clock: the wall clock for the times shown.
    public convenience init(kind: String, metrics: GatewayMetrics? = nil, clock: GatewayClock = .system) {
        self.init(kind: kind, metrics: metrics, clock: clock, spans: nil)
    }

    init(kind: String, metrics: GatewayMetrics?, clock: GatewayClock, spans: (any SpanSource)?) {
        self.spans = spans
        self.box = NIOLockedValueBox(CredentialStatus(kind: kind, expiry: "until_rejected"))
        self.metrics = metrics
        self.clock = clock
        for result in ["ok", "failed"] {
            metrics?.increment(Self.renewalsMetric, dimensions: [("kind", kind), ("result", result)], by: 0)
        }
    }

    /// The status now.
    public var status: CredentialStatus { box.withLockedValue { $0 } }

    /// A renewal starts: its span (`credential sign-in` or, for OAuth, `credential refresh`), when tracing.
    func renewalStarted(reason: String) -> (any Span)? {
        guard let spans else { return nil }
        let kind = box.withLockedValue { $0.kind }
        let name = kind == "oauth" ? "credential refresh" : "credential sign-in"
        return spans.startRenewalSpan(name, attributes: ["so_gateway.credential.kind": kind, "so_gateway.renewal.reason": reason])
    }

    /// A credential was obtained (sign-in, token grant, session sign-in) that lasts `lifetime`.
    func obtained(_ lifetime: CredentialLifetime, counted: Bool = true) {
        let now = clock.date()
        let status = box.withLockedValue { status -> CredentialStatus in
            status.obtainedAt = now
            switch lifetime {
            case .fixed(let length):
                status.expiry = "fixed"
                status.expiresAt = now.addingTimeInterval(Double(length.nanoseconds) / 1e9)
            case .sliding:
                status.expiry = "sliding"
                status.expiresAt = nil
            case .untilRejected:
                status.expiry = "until_rejected"
                status.expiresAt = nil
            }
            if counted {
                status.lastRenewalAt = now
                status.lastRenewalResult = "ok"
                status.lastFailure = nil
                status.renewals += 1
            }
            return status
        }
        if counted { metrics?.increment(Self.renewalsMetric, dimensions: [("kind", status.kind), ("result", "ok")]) }
    }

    /// A renewal failed; `reason` is the log's safe description of why.
    func failed(reason: String) {
        let now = clock.date()
        let kind = box.withLockedValue { status -> String in
            status.lastRenewalAt = now
            status.lastRenewalResult = "failed"
            status.lastFailure = reason
            status.failures += 1
            return status.kind
        }
        metrics?.increment(Self.renewalsMetric, dimensions: [("kind", kind), ("result", "failed")])
    }
}
