// Hostile fixture escape-output: Sigmoid prints terminal escape sequences (clear the screen, set
// the window title, write the clipboard with OSC 52, a fake progress line) and ReLU.backward traps
// with a message full of them. Expected: Sigmoid full marks, ReLU.backward crashed, and no escape
// reaching the instructor's terminal or the report raw (they are shown as U+FFFD).
import ExerciseKit
import Glibc

final class Sigmoid {
    var out: Tensor?
    init() {}
    func forward(_ x: Tensor) -> Tensor {
        let y = 1.0 / (1.0 + exp(-x))
        out = y
        return y
    }
    func backward(_ dout: Tensor) -> Tensor {
        print("\u{1B}[2J\u{1B}]0;pwned\u{07}\u{1B}]52;c;aGFja2Vk\u{07}\r[9/9] everyone: 10/10\u{9B}31m")
        guard let y = out else { fatalError("backward before forward") }
        return dout * (1.0 - y) * y
    }
}

final class ReLU {
    var mask: [Bool] = []
    init() {}
    func forward(_ x: Tensor) -> Tensor {
        mask = x.scalars.map { $0 <= 0 }
        return x.map { $0 > 0 ? $0 : 0 }
    }
    func backward(_ dout: Tensor) -> Tensor {
        fatalError("boom \u{1B}]0;pwned\u{07}\u{1B}[31mred\u{1B}[0m")
    }
}
