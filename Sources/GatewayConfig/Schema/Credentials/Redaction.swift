/// How secrets appear in descriptions, logs and problems: never as themselves.
public enum Redaction: Sendable {
    /// The stand-in text for a secret value.
    public static let mask = "***"
}
