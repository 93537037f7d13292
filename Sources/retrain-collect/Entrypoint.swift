import StageContract
import DataCollection

@main
struct Entrypoint {
    static func main() async {
        await CollectCommand.stageMain()
    }
}
