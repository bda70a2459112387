import NIOCore
import NIOHTTP1

/// Feeds finished requests into the status page's per-client traffic and upstream latency window.
public struct StatusObserver: RequestObserver {
    let traffic: ClientTraffic
    let latency: LatencyWindow
    var next: any RequestObserver
    /// This snapshot's clients' tallies, found without a lock (nil until `resolved`).
    var tallies: [String: ClientTraffic.Tally]?

    public init(traffic: ClientTraffic, latency: LatencyWindow, next: any RequestObserver = SilentObserver()) {
        self.traffic = traffic
        self.latency = latency
        self.next = next
    }

    public func resolved(forClients clients: [String]) -> any RequestObserver {
        var copy = self
        copy.next = next.resolved(forClients: clients)
        copy.tallies = traffic.tallies(forClients: clients)
        return copy
    }

    public func connectionOpened() { next.connectionOpened() }
    public func connectionClosed() { next.connectionClosed() }
    public func connectionRefused(_ limit: ConnectionLimit) { next.connectionRefused(limit) }
    public func connectionCut(_ limit: ConnectionLimit) { next.connectionCut(limit) }
    public func streamReset(_ limit: ConnectionLimit) { next.streamReset(limit) }

    public func requestCompleted(_ record: CompletedRequest) {
        next.requestCompleted(record)
        traffic.record(client: record.clientName ?? "-", status: record.status.code, known: tallies)
        if record.upstreamStatus != nil, let upstream = record.annotations.upstreamDuration {
            latency.record(nanoseconds: upstream.nanoseconds)
        }
    }
}
