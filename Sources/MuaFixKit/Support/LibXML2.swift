internal import CLibXML2
#if canImport(Glibc)
import Glibc
#endif

/// libxml2's functions, opened on first use with dlopen rather than linked: a check that reads no XML
/// then never pays for loading libxml2 and ICU at start-up (about a millisecond), and mua-fix still
/// runs where libxml2 is missing, failing only when it must read a provider profile.
struct LibXML2: @unchecked Sendable {
    let initParser: @convention(c) () -> Void
    let setExternalEntityLoader: @convention(c) (xmlExternalEntityLoader?) -> Void
    let newParserCtxt: @convention(c) () -> xmlParserCtxtPtr?
    let freeParserCtxt: @convention(c) (xmlParserCtxtPtr?) -> Void
    let ctxtReadMemory: @convention(c) (xmlParserCtxtPtr?, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?,
                                        UnsafePointer<CChar>?, Int32) -> xmlDocPtr?
    let freeDoc: @convention(c) (xmlDocPtr?) -> Void
    let docGetRootElement: @convention(c) (UnsafePointer<xmlDoc>?) -> xmlNodePtr?
    let getLineNo: @convention(c) (UnsafePointer<xmlNode>?) -> Int
    let setStructuredErrorFunc: @convention(c) (UnsafeMutableRawPointer?, xmlStructuredErrorFunc?) -> Void
    let loadExternalEntity: @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, xmlParserCtxtPtr?) -> xmlParserInputPtr?

    static let soname = "libxml2.so.2"

    /// The functions, or why they could not be had.
    static func load() -> Result<LibXML2, ReadError> {
        guard let handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "not found"
            return .failure(ReadError(file: soname, reason: "cannot load libxml2, needed to read provider profiles (\(reason)); install Debian's libxml2"))
        }
        var missing: [String] = []
        func symbol<T>(_ name: String, _: T.Type) -> T {
            guard let address = dlsym(handle, name) else {
                missing.append(name)
                return unsafeBitCast(dlsym(handle, "xmlInitParser"), to: T.self)
            }
            return unsafeBitCast(address, to: T.self)
        }
        let api = LibXML2(
            initParser: symbol("xmlInitParser", (@convention(c) () -> Void).self),
            setExternalEntityLoader: symbol("xmlSetExternalEntityLoader", (@convention(c) (xmlExternalEntityLoader?) -> Void).self),
            newParserCtxt: symbol("xmlNewParserCtxt", (@convention(c) () -> xmlParserCtxtPtr?).self),
            freeParserCtxt: symbol("xmlFreeParserCtxt", (@convention(c) (xmlParserCtxtPtr?) -> Void).self),
            ctxtReadMemory: symbol("xmlCtxtReadMemory", (@convention(c) (xmlParserCtxtPtr?, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32) -> xmlDocPtr?).self),
            freeDoc: symbol("xmlFreeDoc", (@convention(c) (xmlDocPtr?) -> Void).self),
            docGetRootElement: symbol("xmlDocGetRootElement", (@convention(c) (UnsafePointer<xmlDoc>?) -> xmlNodePtr?).self),
            getLineNo: symbol("xmlGetLineNo", (@convention(c) (UnsafePointer<xmlNode>?) -> Int).self),
            setStructuredErrorFunc: symbol("xmlSetStructuredErrorFunc", (@convention(c) (UnsafeMutableRawPointer?, xmlStructuredErrorFunc?) -> Void).self),
            loadExternalEntity: symbol("xmlLoadExternalEntity", (@convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, xmlParserCtxtPtr?) -> xmlParserInputPtr?).self))
        guard missing.isEmpty else {
            return .failure(ReadError(file: soname, reason: "this libxml2 lacks \(missing.joined(separator: ", "))"))
        }
        return .success(api)
    }
}

/// A Swift global's initializer runs once, thread-safely: the one place that loads libxml2 and sets its
/// process-wide state. No external entity or DTD is ever opened, whatever a parser's options say.
let libxml2: Result<LibXML2, ReadError> = LibXML2.load().map { api in
    api.initParser()
    api.setExternalEntityLoader { _, _, _ in nil }
    return api
}
