/// One batch task of the simulated tenant (generated, or started by `StartBatchJob`); rendering depends on the
/// request's language, culture and zone.
struct BatchTask: Sendable, Equatable {
    var id: Int
    var associateId: Int
    /// 1-based position among the associate's tasks.
    var ordinal: Int
    var definitionIndex: Int
    /// State and progress as of `anchor`; reads project it forward (`BatchTaskLedger`).
    var phase: JobPhase
    /// When `phase` was last known exactly; nil = since the stand-in started (generated tasks never changed).
    var anchor: JobAnchor?
    var lastStartedEpoch: Int64
    var createdEpoch: Int64
    /// Values a write set; nil = the generated value.
    var nameOverride: String?
    var descriptionOverride: String?
    var responseOverride: String?
    var requestOverride: String?

    init(
        id: Int, associateId: Int, ordinal: Int, definitionIndex: Int, phase: JobPhase, lastStartedEpoch: Int64,
        createdEpoch: Int64
    ) {
        self.id = id
        self.associateId = associateId
        self.ordinal = ordinal
        self.definitionIndex = definitionIndex
        self.phase = phase
        self.lastStartedEpoch = lastStartedEpoch
        self.createdEpoch = createdEpoch
    }

    var definition: BatchTaskDefinition {
        BatchTaskDefinition.all[definitionIndex]
    }

    var state: BatchTaskState {
        phase.state
    }

    var name: String {
        nameOverride ?? definition.name
    }

    private static let cancellation = ["CanCancel", "CancelWithWarning", "CannotCancel"]

    /// The BatchTaskInfo carrier with every documented property in documentation order (about 1.5 KB of JSON).
    func json(options: RenderOptions, databaseSerial: String, context: String) -> JSONValue {
        let definition = self.definition
        let isSystem = associateId == 0
        let progressPercent = phase.progressPercent
        let fileName = "\(definition.name.lowercased())-\(id).\(definition.fileExtension)"
        return .object([
            JSONMember("Id", .int(Int64(id))),
            JSONMember("Name", .string(name)),
            JSONMember("AssociateId", .int(Int64(associateId))),
            JSONMember("DetailsTable", .int(isSystem ? 0 : 5)),
            JSONMember("DetailsRecord", .int(isSystem ? 0 : Int64(associateId * 10 + ordinal))),
            JSONMember("IsSystemTask", .bool(isSystem)),
            JSONMember("IsInternalTask", .bool(false)),
            JSONMember("ParameterObject", .object([
                JSONMember("Progress", .string(options.decimalText(units: progressPercent, tenths: id % 10))),
                JSONMember("Format", .string(definition.fileExtension)),
                JSONMember("RequestedBy", .string(isSystem ? "system" : "associate:\(associateId)")),
                JSONMember("BatchSize", .string("\(250 * ordinal)")),
            ])),
            JSONMember("LastStarted", .string(options.zonedDate(lastStartedEpoch))),
            JSONMember("Created", .string(options.utcDate(createdEpoch))),
            JSONMember("StartCount", .int(Int64(ordinal))),
            JSONMember("DatabaseSerialNumber", .string(databaseSerial)),
            JSONMember("Context", .string(context)),
            JSONMember("Result", .string(state == .failed ? "Error: the export target was unavailable" : "")),
            JSONMember("State", .string(state.rawValue)),
            JSONMember("Description", .string(descriptionOverride ?? definition.description(in: options.language))),
            JSONMember("Response", .string(responseOverride ?? (state == .succeeded ? "{\"RecordsProcessed\":\(id % 997)}" : ""))),
            JSONMember("Request", .string(requestOverride ?? "{\"Task\":\"\(definition.name)\",\"Associate\":\(associateId)}")),
            JSONMember("ProgressDescription", .string(BatchTaskDefinition.progressCaption(in: options.language))),
            JSONMember("ProgressPercent", .int(Int64(progressPercent))),
            JSONMember("FileName", .string(fileName)),
            JSONMember("CancellationBehaviour", .string(Self.cancellation[id % 3])),
            JSONMember("TableRight", .object([
                JSONMember("Mask", .string("Select, Update, Delete")),
                JSONMember("Reason", .string("")),
            ])),
            JSONMember("FieldProperties", .object([
                Self.fieldProperty("Name", type: "System.String", length: 255, writable: false),
                Self.fieldProperty("Description", type: "System.String", length: 2000, writable: true),
                Self.fieldProperty("State", type: "System.Int32", length: 0, writable: true),
                Self.fieldProperty("ProgressPercent", type: "System.Int16", length: 0, writable: false),
                Self.fieldProperty("Response", type: "System.String", length: 2000, writable: true),
                Self.fieldProperty("Request", type: "System.String", length: 2000, writable: true),
            ])),
        ])
    }

    private static func fieldProperty(_ name: String, type: String, length: Int, writable: Bool) -> JSONMember {
        JSONMember(name, .object([
            JSONMember("FieldRight", .object([
                JSONMember("Mask", .string(writable ? "Read, Write" : "Read, UIHintReadOnly")),
                JSONMember("Reason", .string("")),
            ])),
            JSONMember("FieldType", .string(type)),
            JSONMember("FieldLength", .int(Int64(length))),
        ]))
    }
}
