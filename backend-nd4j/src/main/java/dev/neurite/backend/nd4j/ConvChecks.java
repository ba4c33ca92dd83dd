package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;

/** The argument checks that convolution and transposed convolution share, with the same messages. */
final class ConvChecks {
    private ConvChecks() {
    }

    /** A bias of {@code [outChannels]}, and x, weight and bias of one floating-point dtype. */
    static void biasAndDtypes(String op, Nd4jArray x, Nd4jArray w, Nd4jArray b, long outChannels) {
        if (b != null && !b.shape().equals(Shape.of(outChannels))) {
            throw new IllegalArgumentException(op + ": expected bias [" + outChannels + "], got " + b.shape());
        }
        DType dtype = x.dtype();
        if (!dtype.isFloatingPoint() || w.dtype() != dtype || (b != null && b.dtype() != dtype)) {
            throw new IllegalArgumentException(op + ": expected x, weight and bias of one floating-point dtype, got "
                    + x.dtype() + ", " + w.dtype() + (b == null ? "" : ", " + b.dtype()));
        }
    }

    /** The upstream gradient has the forward output's shape and the input's dtype. */
    static void gradOutput(String op, Nd4jArray go, Shape output, DType dtype) {
        if (!go.shape().equals(output) || go.dtype() != dtype) {
            throw new IllegalArgumentException(op + ": expected gradOutput " + output + " " + dtype + ", got "
                    + go.shape() + " " + go.dtype());
        }
    }
}
