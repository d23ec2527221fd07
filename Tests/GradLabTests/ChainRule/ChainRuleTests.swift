import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

@Suite("Chain rule: the book's shopping graphs")
struct ChainRuleTests {
    @Test func buyApples() {
        // 2 apples at 100 with 10 % tax. By hand: price 2·100·1.1 = 220; dapple = 2·1.1 = 2.2,
        // dappleCount = 100·1.1 = 110, dtax = 2·100 = 200.
        var appleLayer = MultiplyNode(), taxLayer = MultiplyNode()
        let price = taxLayer.forward(appleLayer.forward(100, 2), 1.1)
        #expect(abs(price - 220) < Tolerance.rounding)
        let (dApplePrice, dTax) = taxLayer.backward(1)
        let (dApple, dAppleCount) = appleLayer.backward(dApplePrice)
        #expect(abs(dApple - 2.2) < Tolerance.rounding)
        #expect(abs(dAppleCount - 110) < Tolerance.rounding)
        #expect(dTax == 200)
    }

    @Test func applesAndOranges() {
        // 2 apples at 100 and 3 oranges at 150, 10 % tax: (200 + 450)·1.1 = 715. Backward:
        // dapple 2.2, dappleCount 110, dorange 3.3, dorangeCount 165, dtax 650.
        var apples = MultiplyNode(), oranges = MultiplyNode(), tax = MultiplyNode()
        let add = AddNode()
        let total = add.forward(apples.forward(100, 2), oranges.forward(150, 3))
        let price = tax.forward(total, 1.1)
        #expect(abs(price - 715) < Tolerance.rounding)
        let (dTotal, dTax) = tax.backward(1)
        let (dApplesPrice, dOrangesPrice) = add.backward(dTotal)
        let (dApple, dAppleCount) = apples.backward(dApplesPrice)
        let (dOrange, dOrangeCount) = oranges.backward(dOrangesPrice)
        #expect(abs(dApple - 2.2) < Tolerance.rounding && abs(dAppleCount - 110) < Tolerance.rounding)
        #expect(abs(dOrange - 3.3) < Tolerance.rounding && abs(dOrangeCount - 165) < Tolerance.rounding)
        #expect(dTax == 650)
    }

    @Test func backwardMatchesNumericalDerivatives() {
        // price(a, n, t) = a·n·t: the node gradients are its partial derivatives.
        func price(_ a: Double, _ n: Double, _ t: Double) -> Double {
            var first = MultiplyNode(), second = MultiplyNode()
            return second.forward(first.forward(a, n), t)
        }
        var first = MultiplyNode(), second = MultiplyNode()
        _ = second.forward(first.forward(100, 2), 1.1)
        let (dProduct, dTax) = second.backward(1)
        let (dApple, dCount) = first.backward(dProduct)
        #expect(abs(dApple - numericalDerivative(of: { price($0, 2, 1.1) }, at: 100)) < 1e-6)
        #expect(abs(dCount - numericalDerivative(of: { price(100, $0, 1.1) }, at: 2)) < 1e-6)
        #expect(abs(dTax - numericalDerivative(of: { price(100, 2, $0) }, at: 1.1)) < 1e-6)
    }

    #if compiler(>=6.2)
    @Test func backwardBeforeForwardStops() async {
        await #expect(processExitsWith: .failure) {
            _ = MultiplyNode().backward(1)
        }
    }
    #endif
}
