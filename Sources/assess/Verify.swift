import ArgumentParser
import AssessmentKit
import Foundation

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check transcripts for damage: the hash chain, sequence, times and events.",
        discussion: """
            Prints one line per transcript: verified (open or closed) with the SHA-256 of the whole file (keep it on \
            file: it shows later that the file is the one verified, as 'sha256sum' does), or the first bad line and \
            the kind of damage: an edited, deleted or inserted line, reordered lines, a torn last line, an invalid \
            event, or not a transcript. Give files, or folders: their .jsonl files are checked, subfolders included. \
            Exits 1 if any transcript is damaged or cannot be read. An open (unclosed) transcript is valid.
            Endorsements (assess endorse) are listed under their transcript. Without --signers they are unchecked: \
            a transcript names its own keys, and whoever rewrites it can replace them. With --signers FILE (HR's \
            allowed_signers file, never one taken from the transcript), each panelist is endorsed (with the key's \
            fingerprint), missing, or INVALID (with the reason), and verify exits 1 unless every panelist has \
            endorsed. --write-signatures DIR writes each endorsement as DIR/LOGIN.msg and DIR/LOGIN.sig, for \
            'ssh-keygen -Y verify -f FILE -I LOGIN -n \(EndorsementMessage.namespace) -s DIR/LOGIN.sig < DIR/LOGIN.msg'.
            """)

    @Argument(help: ArgumentHelp("Transcripts, or folders of them.", valueName: "TRANSCRIPT"))
    var transcripts: [String]

    @Option(help: ArgumentHelp("HR's OpenSSH allowed_signers file: check each panelist's endorsement against it.", valueName: "ALLOWED_SIGNERS"))
    var signers: String?

    @Option(name: .customLong("write-signatures"),
            help: ArgumentHelp("Write each endorsement's message and signature as DIR/LOGIN.msg and DIR/LOGIN.sig (one transcript).", valueName: "DIR"))
    var signatureFolder: String?

    func validate() throws {
        if transcripts.isEmpty { throw ValidationError("give at least one transcript, e.g. 'assess verify Transcripts/lmi-intern/*.jsonl'") }
        if signatureFolder != nil && transcripts.count > 1 { throw ValidationError("--write-signatures takes one transcript: its files are named by login") }
    }

    func run() throws {
        // HR's file may list others' RSA keys: those lines are skipped, and said so.
        let allowed = try signers.map { path in
            try orFail { try AllowedSigners.load(path: path) { complain("\($0); that line is skipped", level: "note") } }
        }
        var failed = false
        for argument in transcripts {
            let contents: TranscriptListing.Contents
            do {
                contents = try TranscriptListing.contents(named: argument)
            } catch {
                failed = true
                complain("\(error)")
                continue
            }
            for (folder, error) in contents.unreadable {
                failed = true
                complain("cannot open \(folder): \(error); its transcripts were not checked")
            }
            if contents.isFolder && contents.files.isEmpty && contents.unreadable.isEmpty {
                failed = true
                complain("no transcripts (.jsonl files) in the folder \(argument)")
            }
            if signatureFolder != nil && contents.files.count > 1 {
                throw fail("--write-signatures takes one transcript, and \(argument) holds \(contents.files.count): its files are named by login")
            }
            for path in contents.files where !verify(path, signers: allowed) { failed = true }
        }
        if failed { throw ExitCode.failure }
    }

    /// Prints one transcript's line and its sign-off; false if it is damaged or cannot be
    /// read, or, given `signers`, not endorsed by every panelist.
    private func verify(_ path: String, signers: [AllowedSigner]?) -> Bool {
        do {
            let verification = try TranscriptVerifier.verify(path: path)
            if let damage = verification.damage {
                say("\(path): DAMAGED at \(damage)")
                return false
            }
            // Hashed after verifying: a file changed in between would no longer verify.
            let hash = try HashChain.fileHash(path: path)
            say("\(path): verified, \(verification.events) events, \(verification.standing), sha256 \(hash)")
            return try signOff(path, verification, signers: signers)
        } catch {
            complain("\(error)")
            return false
        }
    }

    /// Prints the endorsements of a verified transcript, and writes them out with
    /// --write-signatures; false if one is invalid, or, given `signers`, if a panelist has not
    /// endorsed.
    private func signOff(_ path: String, _ verification: Verification, signers: [AllowedSigner]?) throws -> Bool {
        // Read again only where there is a sign-off to show or check.
        if signers == nil && verification.endorsements == 0 && signatureFolder == nil { return true }
        let read = try TranscriptReader.checkedFold(path: path, history: .noRecordings)
        guard let state = read.state, read.scan.damage == nil, read.scan.eventCount == verification.events else {
            say("  changed while it was read: verify it again")
            return false
        }
        let lines = Endorsements.signOff(state: state, path: path, signers: signers)
        let endorsed = lines.filter { $0.status == .endorsed }
        let invalid = lines.filter { $0.status == .invalid }
        if signers == nil {
            // Unchecked: the keys are the transcript's own. One that does not even sign the
            // transcript is shown, and fails.
            if !endorsed.isEmpty {
                say("  endorsed by \(endorsed.count) of \(lines.count) (unchecked: --signers FILE checks the keys): "
                    + endorsed.map { "\($0.panelist) (\($0.login ?? ""))" }.joined(separator: ", "))
            }
        }
        for line in lines where signers != nil || line.status == .invalid {
            let who = "  \(line.panelist)" + (line.login.map { " (login \($0))" } ?? "")
            switch line.status {
            case .missing: say(who + ": missing")
            case .invalid: say(who + ": INVALID: " + (line.problem ?? ""))
            case .endorsed: say(who + ": endorsed, key \(line.fingerprint ?? "")")
            }
        }
        // At one keyboard the panel names no logins: a key proves the login, and only HR
        // knows whose login it is.
        if signers != nil, endorsed.contains(where: { line in state.panel.first { $0.name == line.panelist }?.login == nil }) {
            say("  the panel was recorded without logins: check that each login above is that panelist's")
        }
        if let folder = signatureFolder { try writeSignatures(of: state, path: path, to: folder) }
        guard signers != nil else { return invalid.isEmpty }
        if endorsed.count < lines.count {
            let standing = state.isVoid ? " (the interview was voided)" : state.isClosed ? "" : " (the interview is not closed)"
            say("  sign-off incomplete: \(endorsed.count) of \(lines.count) panelists endorsed" + standing)
        }
        return endorsed.count == lines.count
    }

    /// DIR/LOGIN.msg and DIR/LOGIN.sig for each endorsement: new private files.
    private func writeSignatures(of state: InterviewState, path: String, to folder: String) throws {
        guard !state.endorsements.isEmpty else {
            complain("\(path) has no endorsements: nothing written to \(folder)", level: "note")
            return
        }
        if let error = Platform.makePrivateFolders(folder) { throw Problem("cannot create \(folder): \(SystemError(code: error))") }
        let part = try Endorsements.signedPart(path: path, state: state)
        // All or nothing: no file is written if any is there already.
        let names = state.endorsements.flatMap { ["\($0.value.login).msg", "\($0.value.login).sig"] }
        // lstat: a link, even one to nowhere, is a name taken.
        if let taken = names.first(where: { var info = stat(); return lstat(folder + "/" + $0, &info) == 0 }) {
            throw Problem("\(folder)/\(taken) already exists; give a new folder, or remove the old files first")
        }
        for endorsed in state.endorsements.map(\.value) {
            let message = Endorsements.message(in: state, panelist: endorsed.panelist, login: endorsed.login, part: part)
            for (name, text) in [("\(endorsed.login).msg", message.text), ("\(endorsed.login).sig", endorsed.signature.hasSuffix("\n") ? endorsed.signature : endorsed.signature + "\n")] {
                let file = folder + "/" + name
                switch Result(catching: { () throws(PrivateFileError) in try Platform.writePrivateFile(file, Array(text.utf8)) }) {
                case .success: break
                case .failure(.exists): throw Problem("\(file) already exists; give a new folder, or remove the old files first")
                case .failure(let error): throw error
                }
            }
            say("  wrote \(folder)/\(endorsed.login).msg and .sig")
        }
    }
}
