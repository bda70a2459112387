/// What one successful login, token grant or session sign-in produced: the headers to send and how long they
/// may be used. The renewal state machine stamps it with a generation.
struct ObtainedCredential: Sendable {
    var headers: [(String, String)]
    var lifetime: CredentialLifetime

    init(headers: [(String, String)], lifetime: CredentialLifetime) {
        self.headers = headers
        self.lifetime = lifetime
    }
}
