public import Foundation

/// Writes a stage executable as a POSIX shell script, for coordinator tests.
///
/// The script starts with a prelude that parses the stage contract: `$OUT` is the output
/// directory, `$PARAMS` the params file, and `$INPUT_<name>` each input directory. The body
/// decides what the stage does (write files, fail, sleep, exit 3 or 65 …).
public enum ShellStage {
    public static let prelude = """
        #!/bin/sh
        while [ $# -gt 0 ]; do
          case "$1" in
            --output) OUT="$2"; shift 2 ;;
            --params) PARAMS="$2"; shift 2 ;;
            --input) name="${2%%=*}"; dir="${2#*=}"; eval "INPUT_$name=\\"$dir\\""; shift 2 ;;
            *) echo "unexpected argument $1" >&2; exit 64 ;;
          esac
        done

        """

    /// Writes `prelude + body` to `directory/name`, executable, and returns its path.
    @discardableResult
    public static func write(_ name: String, in directory: TemporaryDirectory, body: String) throws -> String {
        try directory.write(prelude + body + "\n", to: name, mode: 0o755)
    }
}
