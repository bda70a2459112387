import ArgumentParser
import GatewayConfig
import NIOCore

/// `--job-step 2s` (or `off`): how often the stand-in's running batch jobs move one step on, in gateway.yml's
/// duration syntax, so the demo and load tests see task states change as SuperOffice's do.
struct JobStepOption: ExpressibleByArgument, Sendable {
    /// nil = jobs never move on by themselves.
    var amount: TimeAmount?

    init(_ amount: TimeAmount?) {
        self.amount = amount
    }

    init?(argument: String) {
        if argument.lowercased() == "off" {
            amount = nil
            return
        }
        guard let amount = ConfigDuration.parse(argument), amount > .zero else { return nil }
        self.amount = amount
    }

    /// The step as the stand-in's configuration takes it.
    var step: Duration? {
        amount.map { .nanoseconds($0.nanoseconds) }
    }

    var defaultValueDescription: String {
        amount.map(ConfigDuration.format) ?? "off"
    }
}
