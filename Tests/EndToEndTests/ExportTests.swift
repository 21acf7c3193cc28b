import Foundation
import Testing

@Suite struct ExportTests {
    func examples() -> [String] {
        transcriptFilesForTest(packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern").path)
    }

    /// The candidate's name and id and the panel's names, from the source's `started` line.
    func names(in transcript: String) throws -> [String] {
        let text = try String(contentsOfFile: transcript, encoding: .utf8)
        let first = try #require(text.split(separator: "\n").first)
        let started = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let candidate = try #require(started["candidate"] as? [String: Any])
        let panel = try #require(started["panel"] as? [[String: Any]])
        var names = [try #require(candidate["name"] as? String)]
        if let id = candidate["id"] as? String { names.append(id) }
        names += panel.compactMap { $0["name"] as? String }
        #expect(names.count >= 3)
        return names
    }

    /// Whole names, and each part of 3 letters or more (also split at hyphens).
    func nameParts(_ names: [String]) -> Set<String> {
        var parts = Set(names)
        for name in names {
            for part in name.split(whereSeparator: { $0.isWhitespace || $0 == "-" }) where part.filter(\.isLetter).count >= 3 {
                parts.insert(String(part))
            }
            for part in name.split(whereSeparator: \.isWhitespace) where part.filter(\.isLetter).count >= 3 {
                parts.insert(String(part))
            }
        }
        return parts
    }

    /// Whether `word` occurs in `text` case-insensitively as a whole word (the assessment's own
    /// text has "analysis" and "benefit", which are not the names "Ana" and "Ben").
    func containsWord(_ text: String, _ word: String) -> Bool {
        let haystack = Array(text.lowercased()), needle = Array(word.lowercased())
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        func isWord(_ character: Character) -> Bool { character.isLetter || character.isNumber }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<start + needle.count]) == needle {
            let before = start == 0 ? nil : haystack[start - 1]
            let after = start + needle.count == haystack.count ? nil : haystack[start + needle.count]
            if before.map(isWord) != true && after.map(isWord) != true { return true }
        }
        return false
    }

    func finals(_ summaryJSON: String) throws -> [String: Double?] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(summaryJSON.utf8)) as? [String: Any])
        let items = try #require(root["items"] as? [[String: Any]])
        var result: [String: Double?] = [:]
        for item in items {
            result[try #require(item["id"] as? String)] = item["final"] as? Double
        }
        return result
    }

    func eventCount(_ path: String) throws -> Int {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
    }

    /// The events an export keeps: all but the endorsements, which sign the original bytes.
    func exportedCount(_ path: String) throws -> Int {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.contains("\"type\":\"endorsed\"") }.count
    }

    @Test(arguments: 0..<3) func anExampleExportsVerifiedNamelessAndScoresTheSame(_ index: Int) throws {
        let source = try #require(examples().dropFirst(index).first)
        let folder = try temporaryFolder("export")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("anonymised.jsonl").path

        let export = try runAssess(["export", source, "--anonymize", "--output", output])
        #expect(export.status == 0, "\(export.errors)")
        #expect(export.errors == "")
        #expect(FileManager.default.fileExists(atPath: output))
        let permissions = try FileManager.default.attributesOfItem(atPath: output)[.posixPermissions] as? NSNumber
        #expect(permissions?.intValue == 0o600)

        let verify = try runAssess(["verify", output])
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.output.contains(": verified, "))
        #expect(try eventCount(output) == exportedCount(source))

        let text = try String(contentsOfFile: output, encoding: .utf8)
        let names = try names(in: source)
        for part in nameParts(names) {
            #expect(!containsWord(text, part), "'\(part)' from the source is in the export")
        }
        #expect(text.contains("\"candidate\":{\"id\":\"ANON-"))
        #expect(text.contains("\"sourceSHA256\":\""))

        let sourceSummary = try runAssess(["summary", source, "--format", "json"])
        let exportSummary = try runAssess(["summary", output, "--format", "json"])
        #expect(exportSummary.status == 0, "\(exportSummary.errors)")
        #expect(sourceSummary.status == 0)
        let sourceFinals = try finals(sourceSummary.output), exportFinals = try finals(exportSummary.output)
        #expect(!sourceFinals.isEmpty)
        #expect(exportFinals == sourceFinals)
        #expect(exportSummary.output.contains("\"integrity\":\"verified\"") || exportSummary.output.contains("\"integrity\" : \"verified\""))
    }

    @Test func theSourceHashIsKeptAsProvenance() throws {
        let source = try #require(examples().first)
        let result = try runAssess(["export", source, "--anonymize"])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == (try exportedCount(source)))
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["type"] as? String == "started")
        let hash = try sha256(of: source)
        #expect(first["sourceSHA256"] as? String == hash)
        #expect(result.output.contains("\"name\":\"Candidate \(hash.prefix(6))\""))
        #expect(result.output.contains("\"by\":\"chair\""))
    }

    @Test func theSameSourceGivesTheSameExport() throws {
        let source = try #require(examples().last)
        let first = try runAssess(["export", source, "--anonymize"])
        let second = try runAssess(["export", source, "--anonymize"])
        #expect(first.status == 0)
        #expect(first.output == second.output)
    }

    @Test func anExistingOutputIsNeverOverwritten() throws {
        let source = try #require(examples().first)
        let folder = try temporaryFolder("export")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("taken.jsonl").path
        try "keep me\n".write(toFile: output, atomically: true, encoding: .utf8)

        let result = try runAssess(["export", source, "--anonymize", "--output", output])
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("error: \(output) already exists"))
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "keep me\n")
    }

    @Test func aDamagedCopyIsRefused() throws {
        let source = try #require(examples().first)
        let folder = try temporaryFolder("export")
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("edited.jsonl").path
        var text = try String(contentsOfFile: source, encoding: .utf8)
        let range = try #require(text.range(of: "\"value\":3"))
        text.replaceSubrange(range, with: "\"value\":4")
        try text.write(toFile: copy, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out.jsonl").path

        let result = try runAssess(["export", copy, "--anonymize", "--output", output])
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("error: \(copy) is damaged: line "))
        #expect(result.errors.hasSuffix("; export only verified transcripts\n"))
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(result.output == "")
    }

    @Test func withoutAnonymizeIsAUsageError() throws {
        let source = try #require(examples().first)
        let result = try runAssess(["export", source])
        #expect(result.status == 2)
        #expect(result.errors.hasPrefix("error: export needs --anonymize (plain copies: use cp)"))
        #expect(result.output == "")
    }

    @Test func aMissingSourceIsAnError() throws {
        let result = try runAssess(["export", "/nonexistent/transcript.jsonl", "--anonymize"])
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("error: "))
    }

    @Test func helpSaysWhatIsNotRemoved() throws {
        let result = try runAssess(["export", "--help"])
        #expect(result.status == 0)
        let help = result.output.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        for phrase in ["does NOT remove", "nicknames", "misspellings", "other people", "places", "organisations", "dates", "the vacancy", "times"] {
            #expect(help.contains(phrase), "help lacks '\(phrase)'")
        }
    }

    func sha256(of path: String) throws -> String { try systemSHA256(ofFile: path) }
}
