import Foundation

/// The lines of an open file, read through one buffer that is reused, so memory stays flat
/// however long the file is. The buffer grows only to hold the longest line. (Not the
/// terminal's line editor, `LineEditing.LineReader`.)
enum FileLines {
    /// What reading left over.
    struct End {
        /// Lines handed to `body`.
        var lines = 0
        /// The bytes after the last newline: a torn last line, if not empty.
        var tail: [UInt8] = []
    }

    /// Calls `body` with each line, without its newline, and its 1-based number, until it
    /// returns false or the file ends.
    static func lines(of descriptor: Int32, _ body: (UnsafeRawBufferPointer, Int) throws -> Bool) throws -> End {
        try batches(of: descriptor) { buffer, lines, first in
            for (offset, line) in lines.enumerated() where try !body(UnsafeRawBufferPointer(rebasing: buffer[line]), first + offset) {
                return offset + 1
            }
            return lines.count
        }
    }

    /// Calls `body` with the complete lines of each buffer-full: the buffer, where each line
    /// lies in it (newlines excluded), and the first line's number. `body` returns how many
    /// lines it took; fewer than it was given stops the reading.
    static func batches(of descriptor: Int32, _ body: (UnsafeRawBufferPointer, [Range<Int>], Int) throws -> Int) throws -> End {
        // 4 MiB for a long file; a small one needs no more than its size.
        var status = stat()
        let fileSize = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 1 << 22
        var capacity = min(1 << 22, max(1 << 16, fileSize + 1))
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var end = End()
        var filled = 0
        var lines: [Range<Int>] = []
        while true {
            if filled == capacity {
                let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity * 2, alignment: 16)
                larger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                buffer.deallocate()
                buffer = larger
                capacity *= 2
            }
            let count = try Platform.read(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if count == 0 { break }
            let searchFrom = filled
            filled += count
            lines.removeAll(keepingCapacity: true)
            var start = 0
            var position = searchFrom
            while position < filled, let found = memchr(buffer.baseAddress! + position, 0x0A, filled - position) {
                let newline = buffer.baseAddress!.distance(to: found)
                lines.append(start..<newline)
                start = newline + 1
                position = start
            }
            if lines.isEmpty { continue }
            let taken = try body(UnsafeRawBufferPointer(buffer), lines, end.lines + 1)
            end.lines += taken
            if taken < lines.count { return end }
            memmove(buffer.baseAddress!, buffer.baseAddress! + start, filled - start)
            filled -= start
        }
        end.tail = Array(UnsafeRawBufferPointer(rebasing: buffer[..<filled]))
        return end
    }
}
