import StageContract
import Stages

@main
struct Entrypoint {
    static func main() async {
        await BuildCommand.stageMain()
    }
}
