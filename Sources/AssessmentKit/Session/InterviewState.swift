/// The candidate being interviewed.
public struct Candidate: Codable, Equatable, Sendable {
    public var name: String
    public var id: String?

    public init(name: String, id: String? = nil) {
        self.name = name
        self.id = id
    }
}

/// Where the panel is in an interview: the item on screen and whose ratings are recorded.
public struct InterviewState: Equatable, Sendable {
    public var assessment: Assessment
    public var candidate: Candidate
    public var panel: [Panelist]
    public var blind: Bool
    /// Index into `assessment.items`.
    public private(set) var currentItem = 0
    /// Index into `panel` of the panelist whose ratings the next commands record.
    public private(set) var currentPanelist = 0

    public init(assessment: Assessment, candidate: Candidate, panel: [Panelist], blind: Bool? = nil) {
        self.assessment = assessment
        self.candidate = candidate
        self.panel = panel
        self.blind = blind ?? assessment.rules.blind
    }

    public var item: AssessedItem { assessment.items[currentItem] }
    public var panelist: Panelist? { panel.indices.contains(currentPanelist) ? panel[currentPanelist] : nil }

    /// Errors of navigation and panel changes, worded for the panel.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case unknownItem(String, suggestion: String?, count: Int)
        case atLastItem(count: Int)
        case atFirstItem
        case unknownPanelist(String, suggestion: String?, names: [String])
        case panel(PanelError)

        public var description: String {
            switch self {
            case .unknownItem(let name, let suggestion, let count):
                let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
                return "unknown item '\(name)'\(hint); give an item id or a number 1–\(count) ('items' lists them)"
            case .atLastItem(let count):
                return "this is the last item (\(count)/\(count)); use 'prev' or 'goto ITEM' to move back"
            case .atFirstItem:
                return "this is the first item; use 'next' or 'goto ITEM' to move on"
            case .unknownPanelist(let name, let suggestion, let names):
                let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
                return "no panelist '\(name)'\(hint); the panel is \(names.joined(separator: ", ")) ('panel add NAME' adds one)"
            case .panel(let error):
                return error.description
            }
        }
    }

    /// Finds an item by id or number, with a suggestion when it is misspelt.
    public func itemIndex(_ reference: String) throws(Problem) -> Int {
        if let index = assessment.item(named: reference) { return index }
        throw .unknownItem(reference, suggestion: closestName(to: reference, among: assessment.itemIDs),
                           count: assessment.items.count)
    }

    public mutating func goTo(_ reference: String) throws(Problem) {
        currentItem = try itemIndex(reference)
    }

    public mutating func next() throws(Problem) {
        guard currentItem + 1 < assessment.items.count else { throw .atLastItem(count: assessment.items.count) }
        currentItem += 1
    }

    public mutating func previous() throws(Problem) {
        guard currentItem > 0 else { throw .atFirstItem }
        currentItem -= 1
    }

    /// Finds a panelist by name, ignoring case; a unique prefix is enough.
    public func panelistIndex(_ name: String) throws(Problem) -> Int {
        let lowered = name.lowercased()
        if let exact = panel.firstIndex(where: { $0.name.lowercased() == lowered }) { return exact }
        let prefixed = panel.indices.filter { panel[$0].name.lowercased().hasPrefix(lowered) }
        if prefixed.count == 1 { return prefixed[0] }
        let names = panel.map(\.name)
        throw .unknownPanelist(name, suggestion: closestName(to: name, among: names), names: names)
    }

    public mutating func addPanelist(_ panelist: Panelist) throws(Problem) {
        do {
            panel.append(try PanelParser.checked(panelist, joining: panel, roles: assessment.panel.roles))
        } catch {
            throw .panel(error)
        }
    }

    public mutating func selectPanelist(_ name: String) throws(Problem) {
        currentPanelist = try panelistIndex(name)
    }
}
