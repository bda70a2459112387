/// The version-discovery answers (reference §0): `GET /{ctx}/api` and `GET /{ctx}/api/v1`.
enum VersionInfo {
    static func version(apiBase: String) -> JSONValue {
        .object([
            JSONMember("v1", .string(apiBase + "/v1")),
            JSONMember("NetServerVersion", .string("10.3.8")),
            JSONMember("NetServerAssembly", .string("SuperOffice.Services.Implementation, Version=10.3.8.0")),
            JSONMember("NetServerDate", .string("2024-02-28")),
            JSONMember("NetServerLabel", .string("release/10.3")),
            JSONMember("NetServer", .string("SuperOffice NetServer 10.3.8 (stand-in)")),
            JSONMember("Services", .string("Services87")),
            JSONMember("ServicesCurrent", .string("Services88")),
            JSONMember("Version", .string("v1")),
        ])
    }

    static func endpoints(apiBase: String) -> JSONValue {
        var members: [JSONMember] = BatchAgentMethod.allCases.map { method in
            JSONMember(apiBase + "/v1/Agents/Batch/" + method.rawValue, .object([JSONMember("POST", .string("Invoke " + method.rawValue))]))
        }
        members.append(JSONMember(apiBase + "/v1/Contact", .object([JSONMember("POST", .string("Create a ContactEntity"))])))
        members.append(JSONMember(apiBase + "/v1/Contact/{id}", .object([
            JSONMember("GET", .string("Get a ContactEntity")), JSONMember("PUT", .string("Update a ContactEntity")),
            JSONMember("PATCH", .string("Patch a ContactEntity")), JSONMember("DELETE", .string("Delete a ContactEntity")),
        ])))
        members.append(JSONMember(apiBase + "/v1/User/currentPrincipal", .object([JSONMember("GET", .string("The current principal"))])))
        return .object(members)
    }

    /// `GET /api/v1/User/currentPrincipal`, the documented stand-in for a UserInfo endpoint (reference §1.3).
    static func principal(user: String, context: String, serial: String) -> JSONValue {
        .object([
            JSONMember("UserName", .string(user)),
            JSONMember("FullName", .string(user.prefix(1).uppercased() + user.dropFirst())),
            JSONMember("Associate", .string(user)),
            JSONMember("ContextIdentifier", .string(context)),
            JSONMember("DatabaseSerialNumber", .string(serial)),
        ])
    }
}
