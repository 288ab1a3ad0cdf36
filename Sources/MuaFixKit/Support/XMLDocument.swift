internal import CLibXML2

/// An XML element copied out of a libxml2 document: plain Swift values, no C pointer.
public struct XMLElementNode: Sendable, Hashable {
    public struct Attribute: Sendable, Hashable {
        public var name: String
        public var value: String
    }

    /// The qualified name as written (`prefix:local` when the element has a prefix).
    public var name: String
    public var attributes: [Attribute]
    /// The element's own text and CDATA children, concatenated as written; child elements' text is theirs.
    public var text: String
    public var children: [XMLElementNode]
    /// 1-based line of the start tag.
    public var line: Int
    /// Entity references in the element's own content, which are reported, never expanded.
    public var unexpandedEntityReferences: Int

    public init(name: String, attributes: [Attribute] = [], text: String = "", children: [XMLElementNode] = [],
                line: Int, unexpandedEntityReferences: Int = 0) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.children = children
        self.line = line
        self.unexpandedEntityReferences = unexpandedEntityReferences
    }

    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    public func children(named name: String) -> [XMLElementNode] {
        children.filter { $0.name == name }
    }

    public func firstChild(named name: String) -> XMLElementNode? {
        children.first { $0.name == name }
    }
}

/// Parses XML that anyone may have written (provider profiles, downloaded autoconfig files) with
/// libxml2 2.9.14 hardened: no network, no external entity or DTD ever loaded, no entity expansion,
/// documents with a DTD refused, input size capped.
public enum UntrustedXML {
    /// libxml2 2.9.14 accepts an 11 MB text node without complaint, so the cap is ours.
    public static let maximumInputSize = 1 << 20

    public static func parse(_ bytes: [UInt8], path: String) throws(ReadError) -> XMLElementNode {
        guard bytes.count <= maximumInputSize else {
            throw ReadError(file: path, reason: "file is \(bytes.count) bytes, more than the \(maximumInputSize) bytes an XML file may have")
        }
        guard !bytes.isEmpty else { throw ReadError(file: path, line: 1, reason: "the file is empty") }
        let api: LibXML2
        switch libxml2 {
        case .success(let loaded): api = loaded
        case .failure(let error): throw ReadError(file: path, reason: error.reason)
        }

        let (outcome, messages) = collectingErrors(api) { () -> ParseOutcome in
            guard let context = api.newParserCtxt() else {
                return .refused(ReadError(file: path, reason: "libxml2 could not allocate a parser"))
            }
            defer { api.freeParserCtxt(context) }
            let document = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    api.ctxtReadMemory(context, $0.baseAddress, Int32($0.count), nil, nil, untrustedXMLOptions)
                }
            }
            guard let document else { return .notWellFormed }
            defer { api.freeDoc(document) }
            if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
                return .refused(ReadError(file: path, line: lineOfDoctype(in: bytes),
                                          reason: "the document has a DTD (<!DOCTYPE>), which is never needed here and refused"))
            }
            guard let root = api.docGetRootElement(document) else { return .notWellFormed }
            return .parsed(copyTree(from: root, api))
        }
        switch outcome {
        case .parsed(let root):
            return root
        case .refused(let error):
            throw error
        case .notWellFormed:
            // The first message names the cause; later ones are its consequences.
            guard let first = messages.first(where: \.isError) ?? messages.first else {
                throw ReadError(file: path, reason: "not well-formed XML")
            }
            throw ReadError(file: path, line: first.line > 0 ? first.line : nil, reason: first.message)
        }
    }
}

private enum ParseOutcome {
    case parsed(XMLElementNode)
    case notWellFormed
    case refused(ReadError)
}

// NOENT, DTDLOAD, DTDATTR, DTDVALID, HUGE and XINCLUDE stay off: each one loads or expands what the
// document asks for. BIG_LINES only keeps line numbers right past line 65535.
private let untrustedXMLOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
    | XML_PARSE_NOWARNING.rawValue | XML_PARSE_BIG_LINES.rawValue)

/// Whether libxml2 would open an external resource at `url` now; false once `libxml2` is loaded.
func libxml2LoadsExternalEntity(_ url: String) -> Bool {
    guard case .success(let api) = libxml2, let context = api.newParserCtxt() else { return false }
    defer { api.freeParserCtxt(context) }
    // A loaded input would leak (its free function is not in the shim's headers), but only when the
    // hardening is already broken, which is what the caller is testing for.
    let (input, _) = collectingErrors(api) { api.loadExternalEntity(url, nil, context) }
    return input != nil
}

// MARK: - Errors

private struct LibXML2Message {
    var line: Int
    var message: String
    var isError: Bool
}

private final class ErrorSink {
    var messages: [LibXML2Message] = []
}

/// Runs `body` with libxml2's structured error handler collecting into a list. The handler is per
/// thread in 2.9.x, so `body` must parse synchronously on this thread.
private func collectingErrors<T>(_ api: LibXML2, _ body: () -> T) -> (T, [LibXML2Message]) {
    let sink = ErrorSink()
    let box = Unmanaged.passRetained(sink)
    defer { box.release() }
    api.setStructuredErrorFunc(box.toOpaque()) { user, error in
        guard let user, let error else { return }
        let sink = Unmanaged<ErrorSink>.fromOpaque(user).takeUnretainedValue()
        var message = error.pointee.message.map { String(cString: $0) } ?? "unknown libxml2 error"
        while message.last?.isNewline == true { message.removeLast() }
        sink.messages.append(LibXML2Message(line: Int(error.pointee.line), message: message,
                                            isError: error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue))
    }
    defer { api.setStructuredErrorFunc(nil, nil) }
    return (body(), sink.messages)
}

/// libxml2 keeps no line for a DTD, so find the `<!DOCTYPE` ourselves.
private func lineOfDoctype(in bytes: [UInt8]) -> Int? {
    let marker = Array("<!DOCTYPE".utf8)
    guard bytes.count >= marker.count else { return nil }
    var line = 1
    for index in 0...(bytes.count - marker.count) {
        if bytes[index] == UInt8(ascii: "\n") { line += 1 }
        if bytes[index] == marker[0], Array(bytes[index..<index + marker.count]) == marker { return line }
    }
    return nil
}

// MARK: - Copying the tree out

/// Pre-order, with a stack instead of recursion so no nesting depth can overflow ours.
private func copyTree(from root: xmlNodePtr, _ api: LibXML2) -> XMLElementNode {
    var nodes: [XMLElementNode] = []
    var parents: [Int] = []
    var pending: [(node: xmlNodePtr, parent: Int)] = [(root, -1)]
    while let (element, parent) = pending.popLast() {
        let (copy, childElements) = copyElement(element, api)
        nodes.append(copy)
        parents.append(parent)
        let index = nodes.count - 1
        // Reversed so the stack pops them in document order.
        pending.append(contentsOf: childElements.reversed().map { ($0, index) })
    }
    // Every descendant comes after its ancestor, so walking backwards finishes children before parents.
    for index in stride(from: nodes.count - 1, through: 1, by: -1) {
        nodes[index].children.reverse()
        let child = nodes[index]
        nodes[index] = XMLElementNode(name: "", line: 0)
        nodes[parents[index]].children.append(child)
    }
    nodes[0].children.reverse()
    return nodes[0]
}

/// One element's name, attributes and own text, and its child elements (still C, copied by the caller).
private func copyElement(_ element: xmlNodePtr, _ api: LibXML2) -> (XMLElementNode, [xmlNodePtr]) {
    var copy = XMLElementNode(name: qualifiedName(element), line: api.getLineNo(element))
    var attribute = element.pointee.properties
    while let current = attribute {
        var value = ""
        // Attribute values are text nodes and, without entity expansion, entity references: skip those.
        var part = current.pointee.children
        while let node = part {
            if node.pointee.type == XML_TEXT_NODE, let content = node.pointee.content { value += String(cString: content) }
            part = node.pointee.next
        }
        let name = current.pointee.name.map { String(cString: $0) } ?? ""
        copy.attributes.append(.init(name: name, value: value))
        attribute = current.pointee.next
    }
    var childElements: [xmlNodePtr] = []
    var child = element.pointee.children
    while let node = child {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = node.pointee.content { copy.text += String(cString: content) }
        case XML_ENTITY_REF_NODE:
            // Its children are the entity's expansion: reading them is the expansion the parser refused.
            copy.unexpandedEntityReferences += 1
        case XML_ELEMENT_NODE:
            childElements.append(node)
        default:
            break
        }
        child = node.pointee.next
    }
    return (copy, childElements)
}

private func qualifiedName(_ element: xmlNodePtr) -> String {
    let local = element.pointee.name.map { String(cString: $0) } ?? ""
    guard let prefix = element.pointee.ns?.pointee.prefix else { return local }
    return String(cString: prefix) + ":" + local
}
