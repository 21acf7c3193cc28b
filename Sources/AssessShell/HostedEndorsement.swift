import AssessmentKit

/// `endorse` in a hosted panelist's shell: the panelist signs the message on their own
/// machine with `ssh-keygen -Y sign` (their key never reaches the host) and pastes the
/// signature, which must be made with the key they signed in with.
extension InterviewShell {
    /// The longest signature taken, in lines (an ECDSA P-521 one has 8).
    static let maxSignatureLines = 40
    static let signatureEnd = "-----END SSH SIGNATURE-----"

    /// Prints the message and how to sign it, and waits for the pasted signature.
    func startEndorsement() throws(CommandError) {
        guard let seat else {
            throw CommandError("at one keyboard each panelist endorses on their own machine: 'assess endorse \(session.path) --login LOGIN --as NAME' (see 'assess endorse --help')")
        }
        guard let login = seat.panelist.login, seat.fingerprint != nil else {
            throw CommandError("\(seat.panelist.name) did not sign in with a key here; endorse with 'assess endorse' instead")
        }
        let message: EndorsementMessage
        do {
            message = try session.endorsementMessage(panelist: seat.panelist.name, login: login)
        } catch {
            throw CommandError(error.description)
        }
        output.write(Self.signingInstructions(message))
        pastedSignature = []
    }

    /// What `endorse` prints: the text, the command that signs it, and what to paste back.
    static func signingInstructions(_ message: EndorsementMessage) -> String {
        let lines = message.text.split(separator: "\n").map(String.init)
        let quoted = lines.map(shellQuoted).joined(separator: " ")
        // PowerShell (Windows): single quotes doubled, lines joined with LF, as signed.
        let powerShell = lines.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ",")
        return "You endorse this text, which names the transcript through its 'closed' line:\n\n"
            + lines.map { "  \($0)\n" }.joined()
            + "\nOn your own machine, sign it with the key you signed in with (change the file if yours is not ~/.ssh/id_ed25519):\n\n"
            + "  printf '%s\\n' \(quoted) | ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n \(EndorsementMessage.namespace)\n\n"
            + "In Windows PowerShell:\n\n"
            + "  [IO.File]::WriteAllText(\"$PWD\\endorse.msg\", ((@(\(powerShell)) -join \"`n\") + \"`n\")); "
            + "ssh-keygen -Y sign -f \"$HOME\\.ssh\\id_ed25519\" -n \(EndorsementMessage.namespace) endorse.msg; Get-Content endorse.msg.sig\n\n"
            + "Then paste the signature it prints, from -----BEGIN SSH SIGNATURE----- to \(signatureEnd). 'cancel' or Ctrl-C stops.\n"
    }

    /// Takes a line of the pasted signature; at its last line, records the endorsement.
    func paste(_ line: String) {
        let trimmed = line.trimmingBlanks
        guard var lines = pastedSignature, trimmed.lowercased() != "cancel" else { return cancelEndorsement() }
        // A copied block often brings blank lines with it.
        if trimmed.isEmpty { return }
        // A new block starts afresh: a paste retried after a bad one.
        if trimmed.contains("-----BEGIN SSH SIGNATURE-----") {
            lines = []
        } else if lines.isEmpty {
            output.write("That is not the start of a signature: paste from -----BEGIN SSH SIGNATURE-----; 'cancel' or Ctrl-C stops.\n")
            return
        }
        lines.append(trimmed)
        guard trimmed.contains(Self.signatureEnd) else {
            if lines.count >= Self.maxSignatureLines {
                pastedSignature = nil
                failures += 1
                output.writeError("error: that is not a signature (no \(Self.signatureEnd) after \(lines.count) lines); nothing was recorded\n")
            } else {
                pastedSignature = lines
            }
            return
        }
        pastedSignature = nil
        guard let seat, let login = seat.panelist.login else { return }
        do {
            let signature = try SSHSignature(armored: lines.joined(separator: "\n"))
            let event = try session.endorse(panelist: seat.panelist.name, login: login, signature: signature, expectedFingerprint: seat.fingerprint)
            output.write("Endorsed: \(seat.panelist.name) (login \(login)) with key \(SSHKeyType.fingerprint(of: signature.publicKey)); event \(event.seq).\n")
        } catch {
            failures += 1
            output.writeError("error: \(error); nothing was recorded ('endorse' starts again)\n")
        }
    }

    /// Stops waiting for a pasted signature (`cancel`, Ctrl-C).
    public func cancelEndorsement() {
        guard isPasting else { return }
        pastedSignature = nil
        output.write("Endorsement cancelled; nothing was recorded. 'endorse' starts again.\n")
    }

    /// A line typed at the prompt: part of a pasted signature, or a command.
    public func take(_ line: String) {
        if isPasting { paste(line) } else { _ = execute(line) }
    }

    /// After the interview is closed: how to sign off (a hosted panelist: until they have).
    var endorsementOffer: String {
        guard let seat else {
            // At one keyboard each panelist signs on their own machine.
            guard state.isClosed, state.mode == .interview else { return "" }
            return "Each panelist can sign off the transcript with their SSH key: "
                + "assess endorse \(shellQuoted(session.path)) --login LOGIN --as NAME (see 'assess endorse --help').\n"
        }
        guard state.isClosed, state.endorsementProblem(panelist: seat.panelist.name, login: seat.panelist.login ?? "") == nil else { return "" }
        return "To sign off the transcript with your SSH key, type 'endorse'.\n"
    }
}
