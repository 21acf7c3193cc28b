/// Where in a file something was found (1-based line and column).
public struct SourceLocation: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) { (self.file, self.line, self.column) = (file, line, column) }

    public var description: String { "\(file):\(line):\(column)" }
}

/// One problem in a definition file: where, what is wrong, and what would be right.
public struct DefinitionIssue: Error, Equatable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ location: SourceLocation, _ message: String) { (self.location, self.message) = (location, message) }

    /// One line, whatever the file name or the quoted text holds (`SafeText`).
    public var description: String { SafeText.visible("\(location): error: \(message)") }
}

/// Every problem found in a definition file; loading fails if there is at least one.
public struct DefinitionError: Error, Equatable, Sendable, CustomStringConvertible {
    public var issues: [DefinitionIssue]

    public init(_ issues: [DefinitionIssue]) { self.issues = issues }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
