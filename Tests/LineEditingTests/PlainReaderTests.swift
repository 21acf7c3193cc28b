import Testing
@testable import LineEditing

@Suite struct PlainReaderTests {
    func readAll(_ text: String) -> [LineInput] {
        let reader = PlainReader(text: text)
        var result: [LineInput] = []
        while true {
            let input = reader.read(prompt: "ignored › ")
            result.append(input)
            if input == .end { return result }
        }
    }

    @Test func numbersLinesAndEnds() {
        #expect(readAll("items\nnext\n") == [.line("items", number: 1), .line("next", number: 2), .end])
    }

    @Test func isNotInteractive() {
        #expect(PlainReader(text: "").isInteractive == false)
    }

    @Test func skipsCommentLinesButCountsThem() {
        #expect(readAll("# a comment\n   # indented comment\nshow\n") == [.line("show", number: 3), .end])
    }

    @Test func keepsBlankLinesForTheShellToIgnore() {
        #expect(readAll("\nitems\n") == [.line("", number: 1), .line("items", number: 2), .end])
    }

    @Test func joinsContinuationLinesWithOneSpace() {
        let script = "evidence Led the weekly \\\n   partner calls and \\\nwrote the minutes\nnext\n"
        #expect(readAll(script) == [
            .line("evidence Led the weekly partner calls and wrote the minutes", number: 1),
            .line("next", number: 4),
            .end,
        ])
    }

    @Test func continuationAtTheEndOfInputKeepsWhatWasRead() {
        #expect(readAll("note unfinished \\") == [.line("note unfinished", number: 1), .end])
    }

    @Test func stripsWindowsLineEndings() {
        #expect(readAll("items\r\nnext\r\n") == [.line("items", number: 1), .line("next", number: 2), .end])
    }

    @Test func keepsHashInsideALine() {
        #expect(readAll("note see #3\n") == [.line("note see #3", number: 1), .end])
    }

    @Test func commentInsideAContinuationIsText() {
        #expect(readAll("note a \\\n# b\n") == [.line("note a # b", number: 1), .end])
    }
}

@Suite struct CompletionTests {
    @Test func singleCandidateCompletesWithASpace() {
        #expect(Completion(partial: "hel", candidates: ["help", "items"]).insertion == "p ")
    }

    @Test func severalCandidatesCompleteTheirCommonPrefix() {
        let completion = Completion(partial: "c", candidates: ["courage", "communication", "core"])
        #expect(completion.insertion == "o")
        #expect(completion.listing == ["courage", "communication", "core"])
    }

    @Test func noProgressListsTheCandidates() {
        let completion = Completion(partial: "co", candidates: ["courage", "communication", "teamwork"])
        #expect(completion.insertion == "")
        #expect(completion.listing == ["courage", "communication"])
    }

    @Test func nothingMatchesNothingHappens() {
        let completion = Completion(partial: "zz", candidates: ["courage"])
        #expect(completion.insertion == "")
        #expect(completion.listing == [])
    }

    @Test func columnsFitTheWidth() {
        #expect(columns(["aa", "bbbb", "c"], width: 12) == "aa    bbbb\nc")
        #expect(columns(["aa", "bbbb", "c"], width: 80) == "aa    bbbb  c")
    }
}

@Suite struct HistoryPathTests {
    @Test func environmentOverridesHome() {
        #expect(EditlineReader.defaultHistoryPath(environment: ["HOME": "/home/ana", "ASSESS_HISTORY": "/tmp/h"]) == "/tmp/h")
        #expect(EditlineReader.defaultHistoryPath(environment: ["HOME": "/home/ana"]) == "/home/ana/.assess_history")
        #expect(EditlineReader.defaultHistoryPath(environment: [:]) == nil)
    }
}
