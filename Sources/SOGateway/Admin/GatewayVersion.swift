/// The gateway's release version, shown on the status page and by `so-gateway --version`.
public enum GatewayVersion {
    public static let current = "0.17.0"
}
