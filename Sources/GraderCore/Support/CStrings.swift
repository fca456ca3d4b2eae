#if canImport(Glibc)
    import Glibc
#endif

/// Calls `body` with a NULL-terminated array of C strings (`char *const *`, as `execve` and the
/// spawn request take), valid only during the call.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
    defer {
        for pointer in pointers { free(pointer) }
    }
    return pointers.withUnsafeBufferPointer { buffer in
        // The array always holds at least the terminating nil, so it has a base address.
        guard let base = buffer.baseAddress else { preconditionFailure("an array of one element has storage") }
        return body(base)
    }
}

/// Calls `body` with an array of constant C strings (`const char *const *`) and its count.
func withCStringList<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>, Int32) -> R) -> R {
    withCStringArray(strings) { pointer in
        pointer.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: strings.count + 1) { constant in
            body(constant, Int32(strings.count))
        }
    }
}
