extension CredentialError {
    /// A description of any renewal failure that is safe to log: the partner message for `CredentialError`s
    /// (which never carry secrets), else only the error's type.
    static func safeDescription(of error: any Error) -> String {
        if let error = error as? CredentialError { return error.partnerMessage }
        return "unexpected \(type(of: error))"
    }
}
