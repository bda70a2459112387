import Foundation

/// Where the shared rate-limit store lives: `redis://[:password@]host[:port][/db]`.
public struct RedisURL: Sendable, Equatable {
    /// Host name or IP address, without brackets for IPv6.
    public var host: String
    /// TCP port.
    public var port: Int
    /// Database number for `SELECT`.
    public var db: Int
    /// The `AUTH` password (secret).
    public var password: String?

    /// Creates a Redis address.
    public init(host: String, port: Int = 6379, db: Int = 0, password: String? = nil) {
        self.host = host
        self.port = port
        self.db = db
        self.password = password
    }

    /// Parses `redis://[:password@]host[:port][/db]`; `nil` when `text` is not one.
    public static func parse(_ text: String) -> RedisURL? {
        try? validate(text).get()
    }

    /// Parses like `parse`, saying what is wrong (without echoing the password).
    static func validate(_ text: String) -> Result<RedisURL, ValueProblem> {
        let expectation = "expected a URL like redis://host:6379/0 or redis://:password@host:6379/0"
        guard let components = URLComponents(string: text), components.scheme?.lowercased() == "redis",
              var host = components.host, !host.isEmpty
        else { return .failure(ValueProblem(expectation)) }
        if let user = components.user, !user.isEmpty {
            return .failure(ValueProblem("a Redis user name is not supported; write redis://:password@host:port/db"))
        }
        guard components.query == nil, components.fragment == nil else {
            return .failure(ValueProblem("a query or fragment is not allowed in the Redis URL"))
        }
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        }
        let port = components.port ?? 6379
        guard (1...65535).contains(port) else {
            return .failure(ValueProblem("the port must be in 1...65535"))
        }
        var db = 0
        let path = components.percentEncodedPath
        if !path.isEmpty, path != "/" {
            guard let number = ConfigNumber.parseInteger(String(path.dropFirst())), number >= 0 else {
                return .failure(ValueProblem("the database after / must be a number, like redis://host:6379/0"))
            }
            db = number
        }
        let password = components.password.flatMap { $0.isEmpty ? nil : $0 }
        return .success(RedisURL(host: host, port: port, db: db, password: password))
    }
}

extension RedisURL: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The URL with the password masked.
    public var description: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "redis://\(password == nil ? "" : ":\(Redaction.mask)@")\(hostPart):\(port)/\(db)"
    }

    /// The same text as `description`, so debug output is redacted too.
    public var debugDescription: String {
        description
    }

    /// Children with secrets masked, so `dump` and debuggers show no secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["host": host, "port": port, "db": db, "password": password == nil ? "none" : Redaction.mask])
    }
}
