/// The book's "buy apples and oranges" graph (figure 5-17), computed with multiply and add
/// nodes, forward then backward, and returned with every value and gradient for drawing.
///
/// ```
/// apple 100 ──×── 200 ─┐
/// apples  2 ──┘        +── 650 ──×── 715 (price)
/// orange 150 ─×── 450 ─┘         │
/// oranges  3 ─┘          tax 1.1 ┘
///
/// backward from dprice = 1:  dtax = 650, dapple = 2.2, dapples = 110, dorange = 3.3, doranges = 165
/// ```
public func buyApplesAndOranges(apple: Double = 100, apples: Double = 2, orange: Double = 150, oranges: Double = 3,
                                tax: Double = 1.1) -> ComputationGraph {
    var appleLayer = MultiplyNode(), orangeLayer = MultiplyNode(), taxLayer = MultiplyNode()
    let sumLayer = AddNode()
    // Forward.
    let applePrice = appleLayer.forward(apple, apples)
    let orangePrice = orangeLayer.forward(orange, oranges)
    let allPrice = sumLayer.forward(applePrice, orangePrice)
    let price = taxLayer.forward(allPrice, tax)
    // Backward, from dprice = 1.
    let (dAllPrice, dTax) = taxLayer.backward(1)
    let (dApplePrice, dOrangePrice) = sumLayer.backward(dAllPrice)
    let (dApple, dApples) = appleLayer.backward(dApplePrice)
    let (dOrange, dOranges) = orangeLayer.backward(dOrangePrice)
    let f = ComputationGraph.format
    return ComputationGraph(nodes: [
        .init(name: "apple", operation: "", value: f(apple), gradient: f(dApple), inputs: []),
        .init(name: "apples", operation: "", value: f(apples), gradient: f(dApples), inputs: []),
        .init(name: "orange", operation: "", value: f(orange), gradient: f(dOrange), inputs: []),
        .init(name: "oranges", operation: "", value: f(oranges), gradient: f(dOranges), inputs: []),
        .init(name: "tax", operation: "", value: f(tax), gradient: f(dTax), inputs: []),
        .init(name: "", operation: "×", value: f(applePrice), gradient: f(dApplePrice), inputs: [0, 1]),
        .init(name: "", operation: "×", value: f(orangePrice), gradient: f(dOrangePrice), inputs: [2, 3]),
        .init(name: "", operation: "+", value: f(allPrice), gradient: f(dAllPrice), inputs: [5, 6]),
        .init(name: "price", operation: "×", value: f(price), gradient: "1", inputs: [7, 4]),
    ])
}
