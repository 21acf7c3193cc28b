/// What a role lets a panelist record (PRODUCT.md "Roles"). Notes and `undo` of one's own
/// recordings are open to everyone; a role an assessment adds beyond the four known ones
/// counts as a member.
public enum Duty: Equatable, Sendable {
    /// `score`, `rate`, `evidence`, `summarize`.
    case rating
    /// `lang`.
    case languages
    /// `consensus`, `reveal`, `override`, `close`, `void`.
    case chairing
}

/// The roles the program gives a meaning to.
public enum Role {
    public static let chair = "chair"
    public static let member = "member"
    public static let hr = "hr"
    public static let examiner = "examiner"
}

extension PanelPolicy {
    /// Whether the panelist rates competencies: not the examiner, nor HR where it observes.
    /// Only such panelists are waited for by `reveal` and `close`.
    public func rates(_ panelist: Panelist) -> Bool {
        panelist.role != Role.examiner && !(panelist.role == Role.hr && hrObserves)
    }

    /// Whether `panelist` may do `duty` on `panel`. Where the panel has no chair, anyone may
    /// chair; where it has no examiner, anyone but observing HR (notes only) may record
    /// languages.
    public func allows(_ panelist: Panelist, _ duty: Duty, on panel: [Panelist]) -> Bool {
        switch duty {
        case .rating: return rates(panelist)
        case .languages:
            if panel.contains(where: { $0.role == Role.examiner }) { return panelist.role == Role.examiner }
            return !(panelist.role == Role.hr && hrObserves)
        case .chairing: return panelist.role == Role.chair || !panel.contains { $0.role == Role.chair }
        }
    }

    /// The panelists who may do `duty`, for a refusal to name.
    public func holders(of duty: Duty, on panel: [Panelist]) -> [Panelist] {
        panel.filter { allows($0, duty, on: panel) }
    }
}
