import ArgumentParser
import RetrainCLI

@main
struct Entrypoint {
    static func main() async {
        await RetrainCommand.main()
    }
}
