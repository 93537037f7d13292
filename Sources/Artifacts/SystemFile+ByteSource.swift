/// A file is a byte source: its `read(into:)` already has the protocol's meaning, and the
/// conformance gives it `readFully(into:)` and `copy(to:)` (the distribution client's upload
/// pieces read blob files with `readFully`).
extension SystemFile: ByteSource {}
