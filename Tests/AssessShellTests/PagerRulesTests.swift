import Testing
@testable import AssessShell

/// The pager's rules that need no terminal: which command, whether text fits the screen, and
/// whether the command's program can be found. `PagerTests` (end to end) runs the pager itself.
@Suite struct PagerRulesTests {
    @Test(arguments: [
        ([:], "less -FRX"),
        (["PAGER": "more"], "more"),
        (["ASSESS_PAGER": " most -s ", "PAGER": "more"], "most -s"),
        (["ASSESS_PAGER": "", "PAGER": "more"], nil),
        (["PAGER": "cat"], nil),
        (["ASSESS_PAGER": "  "], nil),
    ] as [([String: String], String?)])
    func theCommandComesFromTheEnvironment(_ environment: [String: String], _ command: String?) {
        #expect(Pager.command(environment: environment) == command)
    }

    /// A screen of 5 rows shows 4 lines above the prompt.
    @Test func textFitsUpToOneRowLessThanTheScreen() {
        #expect(fits(["1\n2\n3\n", "4\n", "5\n"], rows: 5, columns: 10) == [true, true, false])
    }

    @Test func longLinesTakeARowPerScreenWidth() {
        #expect(fits([String(repeating: "x", count: 10) + "\n\n"], rows: 3, columns: 10) == [true])
        #expect(fits([String(repeating: "x", count: 11) + "\n\n"], rows: 3, columns: 10) == [false])
        // A last line without its line break counts too.
        #expect(fits(["one\ntwo", " and three\nfour"], rows: 3, columns: 10) == [true, false])
    }

    @Test func coloursAndCombiningMarksTakeNoRoom() {
        // "Chloé" with a combining accent, in bold across two pieces: five columns, one row.
        #expect(fits(["\u{1b}[1mChloe\u{301}\u{1b}", "[0m\n"], rows: 2, columns: 5) == [true, true])
        #expect(fits(["\u{1b}[1mChloe!\n"], rows: 2, columns: 5) == [false])
        // A tab moves to column 8: with one more character, the line wraps.
        #expect(fits(["\tx\n"], rows: 2, columns: 8) == [false])
        #expect(fits(["\tx\n"], rows: 2, columns: 9) == [true])
    }

    @Test(arguments: [
        ("sh -c 'less'", nil),
        ("sh -e", nil),
        ("/bin/sh", nil),
        ("assess-no-such-pager", "assess-no-such-pager"),
        ("assess-no-such-pager -R", "assess-no-such-pager"),
        ("/nowhere/less", "/nowhere/less"),
        // Left to the shell: quoted, expanded, or its own words.
        ("'assess-no-such-pager'", nil),
        ("$HOME/pager", nil),
        ("exec less", nil),
        ("exit 3", nil),
        ("LESS=R less", nil),
    ] as [(String, String?)])
    func aMissingProgramIsFoundBeforeStarting(_ command: String, _ missing: String?) {
        #expect(Pager.missingProgram(command, path: "/usr/bin:/bin") == missing)
    }

    /// Whether the text still fits after each piece.
    private func fits(_ pieces: [String], rows: Int, columns: Int) -> [Bool] {
        var fit = ScreenFit(rows: rows, columns: columns)
        return pieces.map { fit.add($0) }
    }
}
