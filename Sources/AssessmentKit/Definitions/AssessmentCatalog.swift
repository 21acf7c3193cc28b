import Foundation

/// Finds assessments and frameworks: `--assessments DIR`, then `$ASSESS_ASSESSMENTS`,
/// then `./Assessments`, then the ones built into the binary.
public struct AssessmentCatalog: Sendable {
    /// The assessment `assess` opens when none is named.
    public static let defaultAssessmentID = "lmi-intern"

    /// Directories searched, in order (only those that exist).
    public var directories: [String]
    /// Whether the definitions built into the binary are searched last.
    public var includesBuiltIn: Bool

    public init(directories: [String], includesBuiltIn: Bool = true) {
        var seen: [String] = []
        for directory in directories where !seen.contains(directory) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue {
                seen.append(directory)
            }
        }
        self.directories = seen
        self.includesBuiltIn = includesBuiltIn
    }

    /// The search path from the option, the environment and the working directory.
    public static func searchPath(option: String?, environment: [String: String]) -> [String] {
        var result: [String] = []
        if let option { result.append(option) }
        if let fromEnvironment = environment["ASSESS_ASSESSMENTS"], !fromEnvironment.isEmpty { result.append(fromEnvironment) }
        result.append("Assessments")
        return result
    }

    /// A definition that was found, and where. Built-in ones have the path `built-in:ID`.
    public struct Entry: Sendable {
        public var id: String
        public var path: String
        public var isBuiltIn: Bool
    }

    /// Every assessment in the search path, then the built-in ones; an earlier file hides a
    /// later one with the same id.
    public func entries() -> [Entry] {
        entries(subfolder: nil, builtIn: BuiltInDefinitions.assessments)
    }

    /// The YAML files of each searched folder (or its `subfolder`), then the built-in ones.
    func entries(subfolder: String?, builtIn: [String: String]) -> [Entry] {
        var result: [Entry] = []
        for directory in directories {
            let folder = subfolder.map { directory + "/" + $0 } ?? directory
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                let id = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
                if result.contains(where: { $0.id == id }) { continue }
                result.append(Entry(id: id, path: folder + "/" + name, isBuiltIn: false))
            }
        }
        if includesBuiltIn {
            for id in builtIn.keys.sorted() where !result.contains(where: { $0.id == id }) {
                result.append(Entry(id: id, path: BuiltInDefinitions.path(id), isBuiltIn: true))
            }
        }
        return result
    }

    /// Errors finding or reading a definition.
    public enum LookupError: Error, Equatable, Sendable, CustomStringConvertible {
        case notFound(name: String, suggestion: String?, searched: [String], kind: String = "assessment")
        case unreadable(path: String, reason: String)
        case invalid(DefinitionError)

        public var description: String {
            switch self {
            case .notFound(let name, let suggestion, let searched, let kind):
                let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
                let listing = kind == "scenario" ? "'assess mock --list'" : "'assess assessments list'"
                return "no \(kind) '\(name)'\(hint); looked in \(searched.joined(separator: ", ")); \(listing) shows what there is"
            case .unreadable(let path, let reason):
                return "cannot read \(path): \(reason)"
            case .invalid(let error):
                return "the assessment has errors:\n\(error)"
            }
        }
    }

    /// The file a reference names: itself when it is a path (or a built-in name), else the
    /// entry with that id; nil when there is none.
    static func path(of reference: String, among entries: () -> [Entry]) -> String? {
        if reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml")
            || BuiltInDefinitions.isBuiltIn(reference) {
            return reference
        }
        return entries().first { $0.id == reference }?.path
    }

    /// Loads an assessment named by id (`lmi-intern`) or by path.
    public func assessment(_ reference: String) throws(LookupError) -> (Assessment, path: String) {
        guard let path = Self.path(of: reference, among: entries) else {
            let searched = directories + (includesBuiltIn ? ["the built-in assessments"] : [])
            throw .notFound(name: reference, suggestion: closestName(to: reference, among: entries().map(\.id)), searched: searched)
        }
        let text = try Self.read(path, builtIn: BuiltInDefinitions.assessments)
        do {
            let assessment = try AssessmentLoader.load(text: text, file: path) { id in framework(id, besideFile: path) }
            return (assessment, path)
        } catch {
            throw .invalid(error)
        }
    }

    /// Finds framework `id`: beside the assessment file, then in the search path, then built in.
    public func framework(_ id: String, besideFile file: String) -> FrameworkLookup {
        var candidates: [String] = []
        if !BuiltInDefinitions.isBuiltIn(file) {
            let fileDirectory = URL(fileURLWithPath: file).deletingLastPathComponent().path
            candidates += [fileDirectory + "/framework/\(id).yaml", fileDirectory + "/../framework/\(id).yaml"]
        }
        candidates += directories.map { $0 + "/framework/\(id).yaml" }
        let path: String
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            path = found
        } else if includesBuiltIn, BuiltInDefinitions.frameworks[id] != nil {
            path = BuiltInDefinitions.path(id)
        } else {
            var searched = candidates.isEmpty ? [] : [candidates[0]]
            searched += directories.map { $0 + "/framework/" } + (includesBuiltIn ? ["the built-in frameworks"] : [])
            return .missing(searched: searched)
        }
        do {
            let text = try Self.read(path, builtIn: BuiltInDefinitions.frameworks)
            return .found(try FrameworkLoader.load(text: text, file: path))
        } catch let error as DefinitionError {
            return .broken(error)
        } catch AssessmentCatalog.LookupError.invalid(let error) {
            return .broken(error)
        } catch {
            return .broken(DefinitionError([DefinitionIssue(SourceLocation(file: path, line: 1, column: 1), "\(error)")]))
        }
    }

    /// What a validated file turned out to be.
    public enum ValidatedDefinition: Sendable {
        case framework(Framework)
        case assessment(Assessment)
        case scenario(Scenario)
    }

    /// Every training scenario: `mock/` in each searched folder, then the built-in ones.
    public func scenarioEntries() -> [Entry] {
        entries(subfolder: "mock", builtIn: BuiltInDefinitions.scenarios)
    }

    /// Loads a scenario by id (`lmi-strong`) or path, with the assessment it uses.
    public func scenario(_ reference: String) throws(LookupError) -> (scenario: Scenario, assessment: Assessment, path: String) {
        guard let path = Self.path(of: reference, among: scenarioEntries) else {
            let searched = directories.map { $0 + "/mock" } + (includesBuiltIn ? ["the built-in scenarios"] : [])
            throw .notFound(name: reference, suggestion: closestName(to: reference, among: scenarioEntries().map(\.id)), searched: searched,
                            kind: "scenario")
        }
        let text = try Self.read(path, builtIn: BuiltInDefinitions.scenarios)
        let scenario = try loadScenario(text: text, path: path)
        let base = try assessmentFor(scenarioAt: path, id: scenario.assessmentID)
        return (scenario, scenario.assessment(from: base), path)
    }

    /// The catalog a scenario file's assessment is found in: the folder above `mock/` first.
    func assessmentFor(scenarioAt path: String, id: String) throws(LookupError) -> Assessment {
        var folders = directories
        if !BuiltInDefinitions.isBuiltIn(path) {
            folders.insert(URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().path, at: 0)
        }
        return try AssessmentCatalog(directories: folders, includesBuiltIn: includesBuiltIn).assessment(id).0
    }

    func loadScenario(text: String, path: String) throws(LookupError) -> Scenario {
        let lookup: (String) -> Result<Assessment, LookupError> = { id in
            Result { () throws(LookupError) in try assessmentFor(scenarioAt: path, id: id) }
        }
        do {
            return try ScenarioLoader.load(text: text, file: path, assessment: lookup)
        } catch {
            throw .invalid(error)
        }
    }

    /// Validates a framework or assessment file, telling which from its keys.
    public func validate(file path: String) throws(LookupError) -> ValidatedDefinition {
        let text = try Self.read(path)
        if ScenarioLoader.looksLikeScenario(text) { return .scenario(try loadScenario(text: text, path: path)) }
        do {
            if Self.looksLikeFramework(text) {
                return .framework(try FrameworkLoader.load(text: text, file: path))
            }
            return .assessment(try AssessmentLoader.load(text: text, file: path) { id in framework(id, besideFile: path) })
        } catch {
            throw .invalid(error)
        }
    }

    static func looksLikeFramework(_ text: String) -> Bool {
        let topKeys = text.split(separator: "\n").compactMap { line -> Substring? in
            guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":") else { return nil }
            return line[..<colon]
        }
        return topKeys.contains("values") || topKeys.contains("core") || topKeys.contains("managerial")
    }

    static func read(_ path: String, builtIn: [String: String] = [:]) throws(LookupError) -> String {
        if BuiltInDefinitions.isBuiltIn(path), let text = builtIn[String(path.dropFirst(BuiltInDefinitions.prefix.count))] {
            return text
        }
        // The size is checked before reading, so a huge (or sparse) file costs nothing.
        let (descriptor, size): (Int32, Int)
        do {
            (descriptor, size) = try Platform.openRegularFile(path)
        } catch let error as Platform.NotARegularFile {
            throw .unreadable(path: path, reason: error.isFolder ? SystemError(code: EISDIR).description : "it is not a regular file")
        } catch {
            throw .unreadable(path: path, reason: SystemError.opening(path, error as? SystemError ?? .last))
        }
        defer { Platform.close(descriptor) }
        let tooLarge = LookupError.invalid(DefinitionError([
            DefinitionIssue(SourceLocation(file: path, line: 1, column: 1), DefinitionLimits.tooLarge(size)),
        ]))
        guard size <= DefinitionLimits.fileBytes else { throw tooLarge }
        // At most one byte over the limit, in case the file grew since the fstat.
        let data = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).readData(ofLength: DefinitionLimits.fileBytes + 1)
        guard data.count <= DefinitionLimits.fileBytes else { throw tooLarge }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "it is not UTF-8 text")
        }
        return text
    }
}
