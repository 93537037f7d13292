import HTTPTypes
import Testing

@testable import Serving

@Suite("The predict route's Content-Type check")
struct ContentTypeTests {
    @Test(arguments: [
        "application/json", "Application/JSON", " application/json\t", "application/json; charset=utf-8",
        "APPLICATION/JSON;charset=UTF-8", "application/json ; q=1",
    ])
    func acceptsJSONWithParametersInAnyCase(value: String) throws {
        try PredictionHandlers.checkJSONContentType(value)
    }

    @Test(arguments: [
        "", ";", "application/jsonx", "application/json-seq", "text/json", "application/ json",
        "application/xml", "application/x-www-form-urlencoded", "application/jsön",
    ])
    func refusesOtherMediaTypesNamingThem(value: String) {
        let error = #expect(throws: ServingError.self) { try PredictionHandlers.checkJSONContentType(value) }
        #expect(error?.code == "unsupported_media_type")
        #expect(error?.description.contains("'\(value)'") == true)
    }

    @Test func refusesAMissingHeader() {
        let error = #expect(throws: ServingError.self) { try PredictionHandlers.checkJSONContentType(nil) }
        #expect(error?.code == "unsupported_media_type")
    }
}

/// `Content-Type` and `Content-Length` read in one pass give what `HTTPFields`' subscript gives.
@Suite struct ContentHeadersTests {
    @Test(arguments: [
        [("Content-Type", "application/json"), ("Content-Length", "42")],
        [("Host", "x"), ("content-length", "7"), ("CONTENT-TYPE", "text/plain")],
        [("Host", "x")],
        [("Content-Type", "application/json"), ("Content-Type", "text/plain"), ("Content-Length", "1")],
        [("Content-Length", "1"), ("Content-Length", "2")],
    ])
    func matchTheFieldsSubscript(pairs: [(String, String)]) throws {
        var fields = HTTPFields()
        for (name, value) in pairs { fields.append(HTTPField(name: try #require(HTTPField.Name(name)), value: value)) }
        let (type, length) = PredictionHandlers.contentHeaders(of: fields)
        #expect(type == fields[.contentType])
        #expect(length == fields[.contentLength])
    }
}
