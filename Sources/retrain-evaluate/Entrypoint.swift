import StageContract
import Stages

@main
struct Entrypoint {
    static func main() async {
        await EvaluateCommand.stageMain()
    }
}
