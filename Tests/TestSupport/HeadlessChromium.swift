public import Foundation

/// Renders a local HTML file in Debian's headless Chromium and reports what its console said.
///
/// Host resolution is mapped to nothing, so a page that tried to fetch anything from a network
/// (a script, a font) would log a load error — which the test then sees.
public enum HeadlessChromium {
    public struct Rendering: Sendable {
        /// Console messages at warning level or above, and failed loads.
        public var consoleErrors: [String]
        public var screenshot: String
        public var status: Int32
    }

    public static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public static func render(_ htmlFile: String, screenshot: String, width: Int = 1280, height: Int = 900) throws -> Rendering {
        guard let chromium = executable else { throw POSIXError(.ENOENT) }
        let profile = NSTemporaryDirectory() + "/retrain-chromium-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let result = try ChildProcess(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=\(profile)",
            "--enable-logging=stderr", "--v=0", "--window-size=\(width),\(height)",
            "--screenshot=\(screenshot)", "file://\(htmlFile)",
        ]).run()
        let errors = result.standardError.split(separator: "\n").map(String.init).filter { line in
            (line.contains("CONSOLE") && (line.contains("ERROR") || line.contains("WARNING") || line.contains(":CONSOLE("))) || line.contains("net::ERR_")
                || line.contains("Failed to load resource")
        }
        return Rendering(consoleErrors: errors, screenshot: screenshot, status: result.status)
    }
}
