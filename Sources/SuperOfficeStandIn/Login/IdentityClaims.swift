/// The claim URIs SuperOffice puts in its tokens (reference §1.3).
enum IdentityClaims {
    static let prefix = "http://schemes.superoffice.net/identity/"
    static let ticket = prefix + "ticket"
    static let context = prefix + "ctx"
    static let serial = prefix + "serial"
    static let webAPIURL = prefix + "webapi_url"
    static let netServerURL = prefix + "netserver_url"
    static let upn = prefix + "upn"
    static let associateId = prefix + "associateid"
    static let isAdministrator = prefix + "is_administrator"
}
