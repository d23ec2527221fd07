/// micrograd's README expression, recorded on `tape`: a small computation in which values are
/// used several times, so gradients add up along paths that join. micrograd prints
/// g = 24.7041, dg/da = 138.8338, dg/db = 645.5773.
///
/// ```
/// a = −4, b = 2
/// c = a + b;   d = a·b + b³
/// c += c + 1;  c += 1 + c + (−a)
/// d += d·2 + relu(b + a);  d += 3·d + relu(b − a)
/// e = c − d;   f = e²;   g = f/2 + 10/f
/// ```
///
/// - Returns: the watched inputs a and b, and the result g.
public func microgradExpression(on tape: GradientTape) -> (a: Variable, b: Variable, g: Variable) {
    let a = tape.watch(Tensor(scalar: -4), name: "a"), b = tape.watch(Tensor(scalar: 2), name: "b")
    var c = a + b
    var d = a * b + pow(b, 3)
    c = c + (c + 1)
    c = c + (1 + c + (-a))
    d = d + (d * 2 + relu(b + a))
    d = d + (3 * d + relu(b - a))
    let e = c - d
    let f = pow(e, 2)
    let g = f / 2 + 10 / f
    return (a, b, g)
}
