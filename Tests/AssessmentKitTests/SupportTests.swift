import Testing
@testable import AssessmentKit

@Suite struct SuggestionTests {
    @Test func closestNameFindsTyposButNotStrangers() {
        #expect(closestName(to: "temwork", among: ["teamwork", "results"]) == "teamwork")
        #expect(closestName(to: "comm", among: ["courage", "communication"]) == "communication")
        #expect(closestName(to: "zebra", among: ["teamwork", "results"]) == nil)
    }

    @Test func editDistanceCountsEdits() {
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("same", "same") == 0)
    }

    @Test func wrapKeepsWordsWhole() {
        #expect(wrap("one two three four", width: 10, indent: "  ", firstIndent: "- ") == "- one two\n  three\n  four")
    }
}

@Suite struct PanelTests {
    let roles = ["chair", "member", "hr"]

    @Test func parsesNamesAndRoles() throws {
        #expect(try PanelParser.parse("Ana:chair, Ben:member,Chloé Martin:HR", roles: roles) == [
            Panelist(name: "Ana", role: "chair"), Panelist(name: "Ben", role: "member"), Panelist(name: "Chloé Martin", role: "hr"),
        ])
    }

    @Test func firstWithoutRoleChairsAndTheRestAreMembers() throws {
        #expect(try PanelParser.parse("Ana,Ben", roles: roles) == [Panelist(name: "Ana", role: "chair"), Panelist(name: "Ben", role: "member")])
    }

    @Test func rejectsBadPanels() {
        #expect(throws: PanelError.unknownRole(name: "Ben", role: "membr", roles: roles)) { try PanelParser.parse("Ana:chair,Ben:membr", roles: roles) }
        #expect(throws: PanelError.duplicate("ana")) { try PanelParser.parse("Ana:chair,ana:member", roles: roles) }
        #expect(throws: PanelError.empty) { try PanelParser.parse(" , ", roles: roles) }
        #expect(throws: PanelError.emptyName(entry: ":chair")) { try PanelParser.parse(":chair", roles: roles) }
        #expect(PanelError.unknownRole(name: "Ben", role: "membr", roles: roles).description
                == "unknown role 'membr' for Ben (did you mean 'member'?) (roles: chair, member, hr)")
    }
}

@Suite struct SafeTextTests {
    @Test func controlsAreTheC0C1BidiAndSeparatorCharacters() {
        // The table agrees with Unicode's Bidi_Control property and the general categories.
        for value in UInt32(0)...0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = scalar.properties.generalCategory == .control || scalar.properties.isBidiControl
                || value == 0x2028 || value == 0x2029
            #expect(SafeText.isControl(scalar) == expected, "U+\(String(value, radix: 16))")
        }
    }

    @Test func visibleShowsCaretsAndEscapes() {
        #expect(SafeText.visible("a\u{1b}[2Jb\u{7f}\u{9b}\u{202e}\n") == "a^[[2Jb^?\\u009b\\u202e^J")
        #expect(SafeText.visibleLines("one\u{7}\ntwo") == "one^G\ntwo")
        #expect(SafeText.json("\"x\u{202e}\u{85}\"\n") == "\"x\\u202e\\u0085\"\n")
        #expect(SafeText.markdown("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;")
        #expect(SafeText.markdown("[l](javascript:alert(1)) *b* _i_ `c` \\") == "\\[l\\](javascript:alert(1)) \\*b\\* \\_i\\_ \\`c\\` \\\\")
        let plain = "Chloé — naïve · ok"
        #expect(SafeText.visible(plain) == plain)
    }
}
