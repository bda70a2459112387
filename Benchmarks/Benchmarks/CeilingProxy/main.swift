import NIOCore
import NIOPosix

/// The least an NIO proxy can do for the benchmark's `contact` row: key header removed, SOTicket, SO-AppToken and
/// SO-TimeZone injected, tenant prefix added, upstream connections kept per event loop, nothing else (no key
/// check, no limits, no metrics, no timeouts, no validation). It measures the ceiling this machine and SwiftNIO
/// put on any gateway built on them; see docs/benchmarks.md, "What the machine and NIO allow".
///
///   ceiling-proxy codec 18095 18080   # NIO's HTTP/1 codecs on both sides (HTTPServerRequestPart ... )
///   ceiling-proxy bytes 18096 18080   # header blocks handled as bytes, framing by Content-Length only
let arguments = CommandLine.arguments
guard arguments.count == 4, let listenPort = Int(arguments[2]), let upstreamPort = Int(arguments[3]),
    arguments[1] == "codec" || arguments[1] == "bytes"
else {
    print("usage: ceiling-proxy codec|bytes LISTEN_PORT UPSTREAM_PORT")
    exit(2)
}
let settings = CeilingSettings(upstreamPort: upstreamPort)
let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
LoopPools.prepare(group)
let server = try ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 4096)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            if arguments[1] == "codec" {
                try CodecProxy.configure(channel, settings: settings)
            } else {
                try ByteProxy.configure(channel, settings: settings)
            }
        }
    }
    .bind(host: "127.0.0.1", port: listenPort).wait()
print("ceiling-proxy \(arguments[1]) on 127.0.0.1:\(listenPort) -> 127.0.0.1:\(upstreamPort)")
try server.closeFuture.wait()
