/// Why a TLS test could not prepare its certificates.
enum TLSToolError: Error, CustomStringConvertible {
    case openssl(String)

    var description: String {
        switch self {
        case .openssl(let message): "openssl failed: \(message)"
        }
    }
}
