import DataCollection
@main struct Main { static func main() async {} }
