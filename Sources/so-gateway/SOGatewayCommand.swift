import ArgumentParser
import SOGateway

/// The `so-gateway` command line: a thin shell over the SOGateway library.
@main
struct SOGatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "so-gateway",
        abstract: "A front door for partner services to a SuperOffice CRM tenant's WebAPI.",
        version: GatewayVersion.current,
        subcommands: [Serve.self, CheckConfig.self, HashKey.self, NewKey.self, Demo.self, StandIn.self, HealthCheck.self]
    )
}
