#!/usr/bin/env python3
"""NumPy reference for GradLab's speed comparison.

A small re-implementation of the algorithms in "Deep Learning from Scratch"
(chapter 4: TwoLayerNet with a sigmoid hidden layer and softmax-with-loss
output, trained by SGD; chapter 5: the same gradient by backpropagation;
chapter 7: SimpleConvNet's training step through im2col), so anyone with
python3 and numpy can time the book's recipe on their machine and compare it
with GradLab.

Usage:
    python3 numpy_reference.py [all|recipe|numerical|backprop|gradcheck|matmul|convnet]
                               [--data DIR] [--seed N] [--iterations N]

Prints one JSON object on stdout; progress goes to stderr.
Needs only python3 and numpy; reads the four MNIST .gz files, downloads nothing.
"""

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

INPUT_SIZE, HIDDEN_SIZE, OUTPUT_SIZE = 784, 50, 10
WEIGHT_INIT_STD = 0.01
BATCH_SIZE = 100
LEARNING_RATE = 0.1
NUMERIC_STEP = 1e-4          # the book's h for the central difference
DEFAULT_ITERATIONS = 10000

# The script lives in docs/benchmarks/; the repo's MNIST copy is two levels up.
DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "Sources" / "MNISTData" / "mnist"

MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}


def progress(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

def read_idx(path, header_bytes):
    """Return the raw bytes after an IDX header as a uint8 array."""
    if not path.is_file():
        sys.exit(f"error: MNIST file not found: {path} (pass --data DIR)")
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header_bytes)


def load_mnist(directory):
    """Images as float64 rows in [0, 1], labels as ints and as one-hot rows."""
    directory = Path(directory)
    data = {}
    for split in ("train", "test"):
        images = read_idx(directory / MNIST_FILES[f"{split}_images"], 16)
        labels = read_idx(directory / MNIST_FILES[f"{split}_labels"], 8)
        images = images.reshape(-1, INPUT_SIZE).astype(np.float64) / 255.0
        if images.shape[0] != labels.shape[0]:
            sys.exit(f"error: {split}: {images.shape[0]} images but {labels.shape[0]} labels")
        labels = labels.astype(np.int64)
        one_hot = np.zeros((labels.size, OUTPUT_SIZE))
        one_hot[np.arange(labels.size), labels] = 1.0
        data[split] = (images, labels, one_hot)
    return data


# ---------------------------------------------------------------------------
# The network
# ---------------------------------------------------------------------------

def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(scores):
    # Subtracting the row maximum keeps exp from overflowing; the result is unchanged.
    shifted = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


class TwoLayerNet:
    """784-50-10: Affine -> Sigmoid -> Affine -> SoftmaxWithLoss.

    The parameters live in one dict that loss() reads directly, so the
    numerical gradient can nudge an element in place and re-evaluate, as
    the book's numerical_gradient does.
    """

    def __init__(self, rng):
        self.params = {
            "W1": WEIGHT_INIT_STD * rng.standard_normal((INPUT_SIZE, HIDDEN_SIZE)),
            "b1": np.zeros(HIDDEN_SIZE),
            "W2": WEIGHT_INIT_STD * rng.standard_normal((HIDDEN_SIZE, OUTPUT_SIZE)),
            "b2": np.zeros(OUTPUT_SIZE),
        }
        self.loss_evaluations = 0

    def scores(self, x):
        p = self.params
        return sigmoid(x @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]

    def loss(self, x, labels):
        """Mean cross-entropy of softmax(scores).

        Computed as logsumexp(a) - a[label], which is exact and never takes
        log(0). The book instead writes -sum(t * log(y + delta)) with
        delta = 1e-7; the two differ by about 1e-7 per example.
        """
        self.loss_evaluations += 1
        a = self.scores(x)
        m = a.max(axis=1)
        log_sum_exp = m + np.log(np.exp(a - m[:, None]).sum(axis=1))
        return float(np.mean(log_sum_exp - a[np.arange(labels.size), labels]))

    def accuracy(self, x, labels):
        # argmax of the scores equals argmax of softmax(scores), so softmax is skipped.
        return float(np.mean(self.scores(x).argmax(axis=1) == labels))

    def gradient(self, x, one_hot):
        """Backprop (chapter 5): forward once, then each layer's backward in reverse."""
        p = self.params
        n = x.shape[0]
        # Forward: Affine1 -> Sigmoid -> Affine2 -> Softmax.
        z1 = sigmoid(x @ p["W1"] + p["b1"])
        y = softmax(z1 @ p["W2"] + p["b2"])
        # SoftmaxWithLoss backward: d(mean loss)/d(scores) = (y - t) / N.
        dscores = (y - one_hot) / n
        # Affine2 backward.
        dW2 = z1.T @ dscores
        db2 = dscores.sum(axis=0)
        dz1 = dscores @ p["W2"].T
        # Sigmoid backward: dσ/da = σ(1 - σ), reusing the forward output.
        da1 = dz1 * z1 * (1.0 - z1)
        # Affine1 backward.
        dW1 = x.T @ da1
        db1 = da1.sum(axis=0)
        return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def numerical_gradient(f, param):
    """Central difference (f(w+h) - f(w-h)) / 2h, one element at a time, in place."""
    grad = np.zeros_like(param)
    flat = param.reshape(-1)          # a view: writing flat[i] changes param
    flat_grad = grad.reshape(-1)
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + NUMERIC_STEP
        f_plus = f()
        flat[i] = saved - NUMERIC_STEP
        f_minus = f()
        flat_grad[i] = (f_plus - f_minus) / (2 * NUMERIC_STEP)
        flat[i] = saved               # restore exactly, not saved+h-h
    return grad


def numerical_gradients(net, x, labels):
    return {key: numerical_gradient(lambda: net.loss(x, labels), value)
            for key, value in net.params.items()}


# ---------------------------------------------------------------------------
# The book's SimpleConvNet (chapter 7), for the convolution benchmark
# ---------------------------------------------------------------------------
#
# conv 30 5x5 (stride 1, no padding) -> ReLU -> max pooling 2x2 -> Affine 100 -> ReLU
# -> Affine 10 -> SoftmaxWithLoss, float64, NCHW as the book lays images out, every layer
# a forward and a backward written from the formulas the book gives.

CONV_FILTERS, CONV_SIZE, POOL_SIZE, CONV_HIDDEN = 30, 5, 2, 100
CONV_LEARNING_RATE = 0.01


def conv_im2col(images, filter_h, filter_w, stride=1, pad=0):
    """(N, C, H, W) -> (N*out_h*out_w, C*filter_h*filter_w), one window per row.

    Two loops over the filter's positions (y, x), each copying that position's pixel of every
    window at once by a strided slice, as the book's im2col does.
    """
    n, c, h, w = images.shape
    out_h = (h + 2 * pad - filter_h) // stride + 1
    out_w = (w + 2 * pad - filter_w) // stride + 1
    padded = np.pad(images, [(0, 0), (0, 0), (pad, pad), (pad, pad)], "constant")
    col = np.zeros((n, c, filter_h, filter_w, out_h, out_w))
    for y in range(filter_h):
        y_end = y + stride * out_h
        for x in range(filter_w):
            x_end = x + stride * out_w
            col[:, :, y, x, :, :] = padded[:, :, y:y_end:stride, x:x_end:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(n * out_h * out_w, -1)


def conv_col2im(col, shape, filter_h, filter_w, stride=1, pad=0):
    """The adjoint of conv_im2col: each window row's entries added back to their pixels."""
    n, c, h, w = shape
    out_h = (h + 2 * pad - filter_h) // stride + 1
    out_w = (w + 2 * pad - filter_w) // stride + 1
    col = col.reshape(n, out_h, out_w, c, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    image = np.zeros((n, c, h + 2 * pad + stride - 1, w + 2 * pad + stride - 1))
    for y in range(filter_h):
        y_end = y + stride * out_h
        for x in range(filter_w):
            x_end = x + stride * out_w
            image[:, :, y:y_end:stride, x:x_end:stride] += col[:, :, y, x, :, :]
    return image[:, :, pad:h + pad, pad:w + pad]


class Convolution:
    """y = im2col(x) · W_colᵀ + b; dW = doutᵀ · col, db = Σ dout, dx = col2im(dout · W_col)."""

    def __init__(self, weight, bias):
        self.W, self.b = weight, bias          # W: (F, C, FH, FW)

    def forward(self, x):
        f, _, fh, fw = self.W.shape
        n, _, h, w = x.shape
        out_h, out_w = h - fh + 1, w - fw + 1
        self.x_shape = x.shape
        self.col = conv_im2col(x, fh, fw)
        self.col_W = self.W.reshape(f, -1).T
        out = self.col @ self.col_W + self.b
        return out.reshape(n, out_h, out_w, -1).transpose(0, 3, 1, 2)

    def backward(self, dout):
        f, c, fh, fw = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, f)
        self.db = dout.sum(axis=0)
        self.dW = (self.col.T @ dout).transpose(1, 0).reshape(f, c, fh, fw)
        return conv_col2im(dout @ self.col_W.T, self.x_shape, fh, fw)


class Pooling:
    """Max of each window, channel by channel; backward sends dout to the maximum's place."""

    def __init__(self, size):
        self.size = size

    def forward(self, x):
        n, c, h, w = x.shape
        out_h, out_w = (h - self.size) // self.size + 1, (w - self.size) // self.size + 1
        col = conv_im2col(x, self.size, self.size, stride=self.size).reshape(-1, self.size * self.size)
        self.x_shape = x.shape
        self.arg_max = np.argmax(col, axis=1)
        return np.max(col, axis=1).reshape(n, out_h, out_w, c).transpose(0, 3, 1, 2)

    def backward(self, dout):
        dout = dout.transpose(0, 2, 3, 1)
        area = self.size * self.size
        dmax = np.zeros((dout.size, area))
        dmax[np.arange(self.arg_max.size), self.arg_max.flatten()] = dout.flatten()
        dcol = dmax.reshape(dout.shape + (area,)).reshape(dout.shape[0] * dout.shape[1] * dout.shape[2], -1)
        return conv_col2im(dcol, self.x_shape, self.size, self.size, stride=self.size)


class Relu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout = dout.copy()
        dout[self.mask] = 0
        return dout


class Affine:
    """y = x · W + b on each sample's numbers in a row (images are flattened first)."""

    def __init__(self, weight, bias):
        self.W, self.b = weight, bias

    def forward(self, x):
        self.x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return self.x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return (dout @ self.W.T).reshape(self.x_shape)


class SoftmaxWithLoss:
    def forward(self, scores, one_hot):
        self.y = softmax(scores)
        self.t = one_hot
        n = scores.shape[0]
        labels = one_hot.argmax(axis=1)          # the book's cross_entropy_error, one-hot to labels
        return float(-np.sum(np.log(self.y[np.arange(n), labels] + 1e-7)) / n)

    def backward(self):
        return (self.y - self.t) / self.t.shape[0]


class SimpleConvNet:
    """The book's SimpleConvNet for 1 x 28 x 28 images, weights N(0, 0.01^2), biases 0."""

    def __init__(self, rng):
        pooled = CONV_FILTERS * ((28 - CONV_SIZE + 1) // POOL_SIZE) ** 2     # 30 * 12 * 12 = 4320
        self.conv = Convolution(WEIGHT_INIT_STD * rng.standard_normal((CONV_FILTERS, 1, CONV_SIZE, CONV_SIZE)),
                                np.zeros(CONV_FILTERS))
        self.affine1 = Affine(WEIGHT_INIT_STD * rng.standard_normal((pooled, CONV_HIDDEN)), np.zeros(CONV_HIDDEN))
        self.affine2 = Affine(WEIGHT_INIT_STD * rng.standard_normal((CONV_HIDDEN, OUTPUT_SIZE)), np.zeros(OUTPUT_SIZE))
        self.layers = [self.conv, Relu(), Pooling(POOL_SIZE), self.affine1, Relu(), self.affine2]
        self.last = SoftmaxWithLoss()

    def loss(self, x, one_hot):
        for layer in self.layers:
            x = layer.forward(x)
        return self.last.forward(x, one_hot)

    def train_step(self, x, one_hot):
        """Forward, backward and an SGD update; returns the loss."""
        loss = self.loss(x, one_hot)
        dout = self.last.backward()
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        for layer in (self.conv, self.affine1, self.affine2):
            layer.W -= CONV_LEARNING_RATE * layer.dW
            layer.b -= CONV_LEARNING_RATE * layer.db
        return loss


def run_convnet(data, seed, blocks=5):
    """One training step of SimpleConvNet on the first 100 training images, best of blocks."""
    x, _, one_hot = data["train"]
    x, one_hot = x[:BATCH_SIZE].reshape(-1, 1, 28, 28), one_hot[:BATCH_SIZE]
    net = SimpleConvNet(np.random.default_rng(seed))
    first_loss = net.train_step(x, one_hot)     # warm-up
    start = time.perf_counter()
    net.train_step(x, one_hot)
    once = time.perf_counter() - start
    calls = max(1, int(0.2 / once))
    best = float("inf")
    for _ in range(blocks):
        start = time.perf_counter()
        for _ in range(calls):
            loss = net.train_step(x, one_hot)
        best = min(best, (time.perf_counter() - start) / calls)
    progress(f"convnet: one training step (batch {BATCH_SIZE}, SGD {CONV_LEARNING_RATE}): best of {blocks} blocks "
             f"of {calls}: {best * 1e3:.2f} ms; loss {first_loss:.4f} -> {loss:.4f}")
    return {"convnetStepSeconds": best, "convnetStepCalls": calls, "convnetFirstLoss": first_loss}


# ---------------------------------------------------------------------------
# Benchmarks
# ---------------------------------------------------------------------------

def run_recipe(data, seed, iterations):
    """The book's train_neuralnet.py: SGD, batch 100 with replacement, lr 0.1,
    accuracy on the full train and test sets when i % iter_per_epoch == 0,
    and the batch loss recorded after every update (one extra forward pass,
    as in the book)."""
    x_train, train_labels, train_one_hot = data["train"]
    x_test, test_labels, _ = data["test"]
    train_size = x_train.shape[0]
    iter_per_epoch = max(train_size // BATCH_SIZE, 1)

    rng = np.random.default_rng(seed)
    net = TwoLayerNet(rng)
    epochs = []
    losses = []
    evaluation_seconds = 0.0

    start = time.perf_counter()
    for i in range(iterations):
        # Same as the book's np.random.choice(train_size, batch_size): with replacement.
        batch = rng.choice(train_size, BATCH_SIZE)
        x_batch, t_batch = x_train[batch], train_one_hot[batch]

        grad = net.gradient(x_batch, t_batch)
        for key in net.params:
            net.params[key] -= LEARNING_RATE * grad[key]

        losses.append(net.loss(x_batch, train_labels[batch]))

        if i % iter_per_epoch == 0:
            eval_start = time.perf_counter()
            train_acc = net.accuracy(x_train, train_labels)
            test_acc = net.accuracy(x_test, test_labels)
            evaluation_seconds += time.perf_counter() - eval_start
            epochs.append({"iteration": i, "trainAccuracy": train_acc, "testAccuracy": test_acc})
            progress(f"recipe: iteration {i:5d}  train acc {train_acc:.4f}  test acc {test_acc:.4f}")
    total = time.perf_counter() - start

    # Accuracy after the last update (the book's last printout is at i = 9600);
    # measured outside the timed loop.
    final_train = net.accuracy(x_train, train_labels)
    final_test = net.accuracy(x_test, test_labels)
    progress(f"recipe: {iterations} iterations in {total:.2f} s "
             f"({total - evaluation_seconds:.2f} s without evaluation); "
             f"final train {final_train:.4f}, test {final_test:.4f}")
    return {
        "recipeSeconds": total,
        "recipeSecondsWithoutEvaluation": total - evaluation_seconds,
        "recipeIterations": iterations,
        "finalTrainAccuracy": final_train,
        "finalTestAccuracy": final_test,
        "finalBatchLoss": losses[-1] if losses else None,
        "epochs": epochs,
    }


def run_numerical(data, seed):
    """Numerical gradient of all 39,760 parameters on the first 100 training images."""
    x, labels, _ = data["train"]
    x, labels = x[:BATCH_SIZE], labels[:BATCH_SIZE]
    net = TwoLayerNet(np.random.default_rng(seed))
    progress("numerical: 2 loss evaluations per parameter, 39760 parameters ...")
    start = time.perf_counter()
    numerical_gradients(net, x, labels)
    seconds = time.perf_counter() - start
    progress(f"numerical: {seconds:.2f} s, {net.loss_evaluations} loss evaluations")
    return {"fullNumericSeconds": seconds, "lossEvaluations": net.loss_evaluations}


def run_backprop(data, seed, repeats=500):
    """Backprop gradient on the same 100 images; best of many runs."""
    x, _, one_hot = data["train"]
    x, one_hot = x[:BATCH_SIZE], one_hot[:BATCH_SIZE]
    net = TwoLayerNet(np.random.default_rng(seed))
    net.gradient(x, one_hot)  # warm-up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        net.gradient(x, one_hot)
        best = min(best, time.perf_counter() - start)
    progress(f"backprop: best of {repeats}: {best * 1e3:.3f} ms")
    return {"backpropSeconds": best}


def run_gradcheck(data, seed):
    """The book's gradient_check.py on the first 3 training images."""
    x, labels, one_hot = data["train"]
    x, labels, one_hot = x[:3], labels[:3], one_hot[:3]
    net = TwoLayerNet(np.random.default_rng(seed))
    analytic = net.gradient(x, one_hot)
    numeric = numerical_gradients(net, x, labels)
    result = {}
    for key in net.params:
        a, n = analytic[key], numeric[key]
        mean_abs = float(np.mean(np.abs(a - n)))  # what the book prints
        denom = np.linalg.norm(a) + np.linalg.norm(n)
        relative = float(np.linalg.norm(a - n) / denom) if denom > 0 else 0.0
        result[key] = {"meanAbsoluteDifference": mean_abs, "relativeError": relative}
        progress(f"gradcheck: {key}: mean |a-n| {mean_abs:.3e}, relative {relative:.3e}")
    return {"gradcheck": result}


def run_matmul(seed):
    """float64 GFLOP/s of the products the network uses, plus one large square one.

    A key "MxKxN" means an (M x K) matrix times a (K x N) matrix: 2*M*K*N flops.
    "784x100x50" is computed as A.T @ B with A stored 100 x 784, the way the
    backward pass forms dW1 = x.T @ da1.
    """
    rng = np.random.default_rng(seed)
    cases = [
        ("100x784x50", (100, 784), (784, 50), False),
        ("784x100x50", (100, 784), (100, 50), True),
        ("100x50x10", (100, 50), (50, 10), False),
        ("10000x784x50", (10000, 784), (784, 50), False),
        ("1024x1024x1024", (1024, 1024), (1024, 1024), False),
    ]
    result = {}
    for name, a_shape, b_shape, transpose_a in cases:
        a = rng.standard_normal(a_shape)
        b = rng.standard_normal(b_shape)
        product = (lambda: a.T @ b) if transpose_a else (lambda: a @ b)
        m, k, n = (int(s) for s in name.split("x"))
        flops = 2.0 * m * k * n
        # Small products take microseconds, so time blocks of calls sized to
        # ~20 ms each and keep the best block's average.
        product()
        start = time.perf_counter()
        product()
        once = max(time.perf_counter() - start, 1e-7)
        calls = max(1, int(0.02 / once))
        best = float("inf")
        for _ in range(15):
            start = time.perf_counter()
            for _ in range(calls):
                product()
            best = min(best, (time.perf_counter() - start) / calls)
        result[name] = flops / best / 1e9
        progress(f"matmul: {name}: {result[name]:.1f} GFLOP/s")
    return {"matmulGflops": result}


# ---------------------------------------------------------------------------
# Environment description
# ---------------------------------------------------------------------------

def blas_info():
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return {k: blas.get(k) for k in ("name", "version", "openblas configuration") if k in blas}
    except Exception:  # older numpy has no mode="dicts"
        return "unknown"


def thread_info():
    try:
        from threadpoolctl import threadpool_info
        return {"source": "threadpoolctl",
                "pools": [{k: p.get(k) for k in ("internal_api", "num_threads", "version")}
                          for p in threadpool_info()]}
    except ImportError:
        names = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
        return {"source": "environment (threadpoolctl not installed)",
                **{name: os.environ.get(name) for name in names},
                "cpuCount": os.cpu_count()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[1],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("benchmark", nargs="?", default="all",
                        choices=["all", "recipe", "numerical", "backprop", "gradcheck", "matmul", "convnet"])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="folder with the four MNIST .gz files")
    parser.add_argument("--seed", type=int, default=42, help="seed for initial weights and batches")
    parser.add_argument("--iterations", type=int, default=DEFAULT_ITERATIONS,
                        help="training iterations for the recipe")
    args = parser.parse_args()
    if args.iterations < 1:
        parser.error(f"--iterations must be at least 1, got {args.iterations}")

    output = {
        "numpyVersion": np.__version__,
        "blas": blas_info(),
        "threads": thread_info(),
        # These slow OpenBLAS on some machines; recorded so a slow run can be explained.
        "openblasEnvironment": {name: os.environ.get(name)
                                for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
        "seed": args.seed,
    }
    chosen = args.benchmark
    if chosen != "matmul":
        start = time.perf_counter()
        data = load_mnist(args.data)
        progress(f"loaded MNIST from {args.data} in {time.perf_counter() - start:.2f} s")
    if chosen in ("all", "recipe"):
        output.update(run_recipe(data, args.seed, args.iterations))
    if chosen in ("all", "numerical"):
        output.update(run_numerical(data, args.seed))
    if chosen in ("all", "backprop"):
        output.update(run_backprop(data, args.seed))
    if chosen in ("all", "gradcheck"):
        output.update(run_gradcheck(data, args.seed))
    if chosen in ("all", "matmul"):
        output.update(run_matmul(args.seed))
    if chosen in ("all", "convnet"):
        output.update(run_convnet(data, args.seed))
    print(json.dumps(output, indent=2))


if __name__ == "__main__":
    main()
