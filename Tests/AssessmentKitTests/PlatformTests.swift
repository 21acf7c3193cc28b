import AssessmentKit
import Foundation
import Testing

/// The one place for private files and system calls (issue 13, findings 4, 8 and 11).
@Suite struct PlatformTests {
    @Test func aFullDiskIsNamedAsSuch() throws {
        let descriptor = open("/dev/full", O_WRONLY | O_CLOEXEC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        #expect(throws: SystemError(code: ENOSPC)) { try Platform.writeAll(descriptor, Array("report".utf8)) }
        #expect(SystemError(code: ENOSPC).description == "no space left on the disk")
        #expect(PrivateFileError.cannotWrite(path: "r.html", SystemError(code: ENOSPC)).description
                == "cannot write r.html: no space left on the disk; free some space and try again")
        #expect(PrivateFileError.cannotWrite(path: "r.html", SystemError(code: EDQUOT)).description
                == "cannot write r.html: no space left in your disk quota; free some space and try again")
        #expect(PrivateFileError.cannotCreate(path: "r.html", SystemError(code: EACCES)).description
                == "cannot create r.html: permission denied; choose a folder you may write to")
    }

    @Test func aPrivateFileIsNewAndOnlyTheOwnersFromTheStart() throws {
        let folder = freshFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/report.txt"
        try Platform.writePrivateFile(path, Array("one\n".utf8))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        #expect(throws: PrivateFileError.exists(path: path)) { try Platform.writePrivateFile(path, Array("two\n".utf8)) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one\n")

        let link = folder + "/link.txt"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: folder + "/target.txt")
        #expect(throws: PrivateFileError.exists(path: link)) { try Platform.writePrivateFile(link, Array("x".utf8)) }
        #expect(!FileManager.default.fileExists(atPath: folder + "/target.txt"))
    }

    @Test func aReleaseBuildRefusesTheScriptedClock() throws {
        let environment = ["ASSESS_CLOCK": "2020-01-01T00:00:00.000Z,1"]
        #expect(throws: ClockSettingError("ASSESS_CLOCK is for tests and works only in debug builds; this build records the real time: unset ASSESS_CLOCK")) {
            _ = try ScriptedClock.fromEnvironment(environment, honoured: false)
        }
        #expect(ScriptedClock.honoursEnvironment, "the tests run a debug build")
        #expect(try ScriptedClock.fromEnvironment(environment).now().milliseconds == 1_577_836_800_000)
        for step in ["inf", "nan", "-1", "1e300", "86401"] {
            #expect(ScriptedClock(specification: "2020-01-01T00:00:00.000Z,\(step)") == nil, "\(step)")
        }
    }
}
