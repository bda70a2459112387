import ArgumentParser
import GatewayConfig
import NIOCore
import NIOHTTP1
import NIOPosix
import UpstreamTransport

/// `so-gateway healthcheck`: the container HEALTHCHECK, without curl in the image. Asks the admin
/// listener's `/healthz` (or, with no admin listener configured, checks that the partner listener answers HTTP).
struct HealthCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Exit 0 when the local gateway answers /healthz (admin listener), else 1."
    )

    @OptionGroup var options: ConfigOption

    @Option(help: "Seconds to wait for an answer.")
    var timeout: Int = 3

    func run() async throws {
        let path = try options.resolvedPath()
        let config: GatewayConfiguration
        do {
            config = try ConfigLoader.load(path: path)
        } catch {
            printProblems(error)
            throw ExitCode(1)
        }
        let (host, port, expectOK) = config.admin.map { ($0.listen.host, $0.listen.port, true) }
            ?? (config.listen.host, config.listen.port, false)
        let target = (host == "0.0.0.0" || host == "::") ? "127.0.0.1" : host
        let group = MultiThreadedEventLoopGroup.singleton
        let client = try NIOUpstreamPool(group: group, configuration: UpstreamPoolConfiguration())
        defer { Task { await client.shutdown() } }
        let request = UpstreamRequest(method: .GET, target: "/healthz", headers: [:], body: nil, timeout: .seconds(Int64(timeout)))
        do {
            let response = try await client.execute(
                request, to: UpstreamEndpoint(scheme: .http, host: target, port: port), on: group.any()
            ).get()
            await client.shutdown()
            if expectOK && response.status != .ok {
                print("unhealthy: /healthz answered \(response.status.code)")
                throw ExitCode(1)
            }
            print("healthy")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            await client.shutdown()
            print("unhealthy: \(error)")
            throw ExitCode(1)
        }
    }
}
