import RetrainCLI
@main struct Main { static func main() async { } }
