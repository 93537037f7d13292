import ArgumentParser
import DataCollection

@main
struct Entrypoint {
    static func main() async {
        await CollectCommand.main()
    }
}
