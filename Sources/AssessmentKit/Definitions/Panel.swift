import Foundation

/// A member of the interview panel.
public struct Panelist: Codable, Equatable, Sendable {
    public var name: String
    public var role: String
    /// The login that ties the panelist to their key in an `allowed_signers` file
    /// (`Name:role:login`); nil at one keyboard. Not written when nil.
    public var login: String?

    public init(name: String, role: String, login: String? = nil) { (self.name, self.role, self.login) = (name, role, login) }

    /// What is wrong with `login` as a login name: the characters of a Unix login
    /// (letters, digits, `.`, `_`, `-`, `@`, not starting with `-`), at most 64.
    public static func loginProblem(_ login: String) -> String? {
        guard !login.isEmpty, login.count <= 64, !login.hasPrefix("-"),
              login.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-@".unicodeScalars.contains($0)) })
        else { return "'\(SafeText.visible(login))' is not a login: use letters, digits, '.', '_', '-' and '@', at most 64, as in the allowed_signers file" }
        return nil
    }
}

/// Problems with a panel given on the command line or at the prompt.
public enum PanelError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyName(entry: String)
    case unknownRole(name: String, role: String, roles: [String])
    case duplicate(String)
    case empty
    case badName(EnteredName.Problem)
    case tooMany(Int)
    case badLogin(name: String, problem: String)
    case duplicateLogin(String)

    public var description: String {
        switch self {
        case .emptyName(let entry):
            return "panel entry '\(entry)' has no name; write Name:role, e.g. Ana:chair"
        case .unknownRole(let name, let role, let roles):
            return "unknown role '\(role)' for \(name)\(didYouMean(role, among: roles)) (roles: \(roles.joined(separator: ", ")))"
        case .duplicate(let name):
            return "\(name) is already on the panel; give each panelist once"
        case .empty:
            return "the panel is empty; write e.g. \"Ana:chair,Ben:member\""
        case .badName(let problem):
            return problem.description
        case .tooMany(let count):
            return "the panel has \(count) members; an interview has at most \(DefinitionLimits.panelists)"
        case .badLogin(let name, let problem):
            return "\(name)'s login \(problem)"
        case .duplicateLogin(let login):
            return "the login '\(login)' is given twice; each panelist signs in with their own"
        }
    }
}

public enum PanelParser {
    /// Parses `Ana:chair,Ben:member`, or with logins `Ana:chair:ana,Ben:member:ben` (a panel
    /// host's); a name without a role gets the first role after the chair (usually
    /// `member`), and the first panelist without a role is the chair.
    public static func parse(_ text: String, roles: [String]) throws(PanelError) -> [Panelist] {
        var panel: [Panelist] = []
        for entry in text.split(separator: ",").map({ $0.trimmingBlanks }) where !entry.isEmpty {
            let parts = entry.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map { $0.trimmingBlanks }
            let name = parts.first ?? ""
            guard !name.isEmpty else { throw .emptyName(entry: entry) }
            let given = parts.count > 1 ? parts[1].lowercased() : ""
            let role = given.isEmpty ? defaultRole(for: panel, roles: roles) : given
            let login = parts.count > 2 ? parts[2] : nil
            if let login {
                if let problem = Panelist.loginProblem(login) { throw .badLogin(name: name, problem: problem) }
                if panel.contains(where: { $0.login == login }) { throw .duplicateLogin(login) }
            }
            try panel.append(checked(Panelist(name: name, role: role, login: login), joining: panel, roles: roles))
        }
        guard !panel.isEmpty else { throw .empty }
        return panel
    }

    /// Checks a panelist being entered (`--panel`, the prompt, `panel add`): the name's
    /// characters and length (`EnteredName`), then as `fits`.
    public static func checked(_ panelist: Panelist, joining panel: [Panelist], roles: [String]) throws(PanelError) -> Panelist {
        if let problem = EnteredName.problem(name: panelist.name, what: "a panelist's name") { throw .badName(problem) }
        return try fits(panelist, joining: panel, roles: roles)
    }

    /// Checks a panelist's role and name against the panel so far, and the panel's size.
    /// Readers apply this to recorded panels, which older versions let hold any character.
    public static func fits(_ panelist: Panelist, joining panel: [Panelist], roles: [String]) throws(PanelError) -> Panelist {
        guard panel.count < DefinitionLimits.panelists else { throw .tooMany(panel.count + 1) }
        guard !panelist.name.trimmingBlanks.isEmpty else { throw .emptyName(entry: panelist.name) }
        guard roles.contains(panelist.role) else {
            throw .unknownRole(name: panelist.name, role: panelist.role, roles: roles)
        }
        // `Eva  Janssens` is `Eva Janssens`: names that read alike are one name.
        func readable(_ name: String) -> String {
            name.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        guard !panel.contains(where: { readable($0.name) == readable(panelist.name) }) else {
            throw .duplicate(panelist.name)
        }
        return panelist
    }

    public static func defaultRole(for panel: [Panelist], roles: [String]) -> String {
        if panel.isEmpty, roles.contains("chair") { return "chair" }
        if roles.contains("member") { return "member" }
        return roles.first ?? "member"
    }
}
