/// The candidate being interviewed.
public struct Candidate: Codable, Equatable, Sendable {
    public var name: String
    public var id: String?

    public init(name: String, id: String? = nil) {
        self.name = name
        self.id = id
    }
}

extension Candidate {
    /// The candidate as typed in, trimmed (an empty id is none), with the rules of `EnteredName`.
    public static func entered(name: String, id: String?) throws(EnteredName.Problem) -> Candidate {
        let name = name.trimmingBlanks
        let id = id.map(\.trimmingBlanks).flatMap { $0.isEmpty ? nil : $0 }
        if let problem = EnteredName.problem(name: name, what: "the candidate's name") { throw problem }
        if let id, let problem = EnteredName.problem(id: id) { throw problem }
        return Candidate(name: name, id: id)
    }
}
