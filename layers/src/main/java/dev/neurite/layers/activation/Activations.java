package dev.neurite.layers.activation;

import dev.neurite.api.Tensor;

/**
 * Activation functions as plain tensor functions, for use inside custom layers. The layer classes in this package
 * wrap them. Every function is differentiable through the api's autograd except {@link #step}.
 */
public final class Activations {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);

    private Activations() {
    }

    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    /** {@code x} for x > 0, else {@code slope * x}; the gradient at 0 is {@code slope}, as in PyTorch. */
    public static Tensor leakyRelu(Tensor x, double slope) {
        return Tensor.where(x.gt(0), x, x.mul(slope));
    }

    /**
     * {@code x} for x > 0, else {@code alpha * (exp(x) - 1)}. The exponent is clamped to {@code <= 0} so that large
     * positive inputs do not overflow to inf and turn the (masked) gradient into NaN.
     */
    public static Tensor elu(Tensor x, double alpha) {
        Tensor negative = x.clamp(Double.NEGATIVE_INFINITY, 0).exp().sub(1).mul(alpha);
        return Tensor.where(x.gt(0), x, negative);
    }

    /** Exact GELU {@code x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))}, PyTorch's default. */
    public static Tensor gelu(Tensor x) {
        return x.mul(x.mul(SQRT_HALF).erf().add(1)).mul(0.5);
    }

    /** The tanh approximation of GELU ({@code approximate='tanh'} in PyTorch), as used by GPT-2 and BERT. */
    public static Tensor geluTanh(Tensor x) {
        Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_TWO_OVER_PI);
        return x.mul(inner.tanh().add(1)).mul(0.5);
    }

    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    /** Softmax along {@code axis}, stabilised by subtracting the maximum. */
    public static Tensor softmax(Tensor x, int axis) {
        return x.softmax(axis);
    }

    public static Tensor logSoftmax(Tensor x, int axis) {
        return x.logSoftmax(axis);
    }

    /** Swish with beta 1, also called SiLU: {@code x * sigmoid(x)}. */
    public static Tensor swish(Tensor x) {
        return x.mul(x.sigmoid());
    }

    /**
     * The perceptron's Heaviside step: 1 where {@code x > 0}, else 0, in x's dtype. Its derivative is zero almost
     * everywhere, so the result is never recorded for autograd; perceptrons learn by their own rule instead.
     */
    public static Tensor step(Tensor x) {
        return x.gt(0).cast(x.dtype());
    }

    /**
     * Leaky ReLU with a learned slope tensor that broadcasts against {@code x} (see {@link PReLU} for how a
     * per-channel slope is shaped).
     */
    public static Tensor prelu(Tensor x, Tensor slope) {
        return Tensor.where(x.gt(0), x, x.mul(slope));
    }
}
