import ArgumentParser
import Serving

@main
struct Entrypoint {
    static func main() async {
        await ServeCommand.main()
    }
}
