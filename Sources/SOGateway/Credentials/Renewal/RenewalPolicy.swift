import GatewayConfig

/// When credentials are renewed ahead of time, how failures are retried, and which upstream statuses mean "renew":
/// `upstream.renewal` of gateway.yml as it is, one value for every provider so operators and tests tune renewal
/// in one place.
public typealias RenewalPolicy = RenewalConfig
