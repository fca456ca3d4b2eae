// Hostile HTML fixture: Sigmoid is correct but prints markup meant to break out of the report's
// <pre> and run a script; ReLU has the x < 0 mask mistake (so the page shows a hint and failing
// cases). Expected: every payload shown as text, nothing run ("xss-canary" is the browser check's
// canary: it must never reach the console or become an element or an attribute).
import ExerciseKit

final class Sigmoid {
    var out: Tensor?

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        print("</pre></td></tr></table><script>console.log('xss-canary script');document.title='pwned'</script>")
        print("<img src=x onerror=\"console.log('xss-canary img');document.title='pwned'\"><b class=xss-canary>b</b>")
        let y = 1.0 / (1.0 + exp(-x))
        out = y
        return y
    }

    func backward(_ dout: Tensor) -> Tensor {
        // ---- Begin your code ----
        guard let y = out else { fatalError("backward before forward") }
        return dout * (1.0 - y) * y
        // ---- End your code ----
    }
}

final class ReLU {
    var mask: [Bool] = []

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        mask = x.scalars.map { $0 < 0 }
        return x.map { $0 > 0 ? $0 : 0 }
    }

    func backward(_ dout: Tensor) -> Tensor {
        // ---- Begin your code ----
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return dout * keep
        // ---- End your code ----
    }
}
