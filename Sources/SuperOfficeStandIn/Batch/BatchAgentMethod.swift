/// The Batch agent methods the stand-in implements, with the parameter names each binds (reference §7).
enum BatchAgentMethod: String, Sendable, CaseIterable {
    case getBatchTaskInfo = "GetBatchTaskInfo"
    case getBatchTaskInfosByAssociates = "GetBatchTaskInfosByAssociates"
    case getBatchTaskInfosByAssociatesAndState = "GetBatchTaskInfosByAssociatesAndState"
    case getBatchTaskInfosByNameAndAssociates = "GetBatchTaskInfosByNameAndAssociates"
    case getSystemBatchTaskInfosByName = "GetSystemBatchTaskInfosByName"
    case startBatchJob = "StartBatchJob"
    case stopBatchJob = "StopBatchJob"
    case updateBatchTask = "UpdateBatchTask"
    case deleteBatchTask = "DeleteBatchTask"
    case deleteBatchTasks = "DeleteBatchTasks"

    /// Matches the URL segment case-insensitively ([I] stand-in fact 2).
    static func from(segment: String) -> BatchAgentMethod? {
        let wanted = segment.lowercased()
        return allCases.first { $0.rawValue.lowercased() == wanted }
    }

    var parameters: [(name: String, type: String)] {
        switch self {
        case .getBatchTaskInfo: return [("Id", "Int32")]
        case .getBatchTaskInfosByAssociates: return [("AssociateIds", "Int32[]")]
        case .getBatchTaskInfosByAssociatesAndState: return [("AssociateIds", "Int32[]"), ("State", "BatchTaskState")]
        case .getBatchTaskInfosByNameAndAssociates: return [("Name", "String"), ("AssociateIds", "Int32[]")]
        case .getSystemBatchTaskInfosByName: return [("TaskName", "String")]
        case .startBatchJob, .updateBatchTask: return [("BatchTaskInfo", "BatchTaskInfo")]
        case .stopBatchJob: return [("Id", "Int32")]
        case .deleteBatchTask: return [("BatchTaskId", "Int32")]
        case .deleteBatchTasks: return [("BatchTaskIds", "Int32[]")]
        }
    }

    var returns: String {
        switch self {
        case .getBatchTaskInfo, .updateBatchTask: return "BatchTaskInfo"
        case .startBatchJob: return "Int32"
        case .stopBatchJob: return "Boolean"
        case .deleteBatchTask, .deleteBatchTasks: return "void"
        default: return "BatchTaskInfo[]"
        }
    }

    /// What a GET on the agent URL answers: a description, never an invocation (reference §0).
    var descriptionJSON: JSONValue {
        .object([
            JSONMember("Agent", .string("Batch")),
            JSONMember("Method", .string(rawValue)),
            JSONMember("HttpMethod", .string("POST")),
            JSONMember("Parameters", .object(parameters.map { JSONMember($0.name, .string($0.type)) })),
            JSONMember("Returns", .string(returns)),
            JSONMember("QueryParameters", .object([JSONMember("$select", .string("Optional comma separated list of properties to include in the result."))])),
        ])
    }
}
