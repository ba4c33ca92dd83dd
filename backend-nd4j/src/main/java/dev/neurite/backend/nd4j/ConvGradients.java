package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.NdArray;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The outputs of a (transposed) convolution's backward pass. libnd4j's {@code _bp} ops always write dX, so it is
 * allocated either way and dropped by {@link #result} when not wanted; dB only when asked for.
 */
final class ConvGradients {
    final INDArray dx;
    final INDArray dw;
    final INDArray db;
    private final DType dtype;
    private final Shape xShape;
    private final Shape wShape;
    private final Shape biasShape;

    ConvGradients(DType dtype, Shape xShape, Shape wShape, Shape biasShape, boolean needBiasGrad) {
        this.dtype = dtype;
        this.xShape = xShape;
        this.wShape = wShape;
        this.biasShape = biasShape;
        dx = Nd4jCalls.alloc(dtype, xShape);
        dw = Nd4jCalls.alloc(dtype, wShape);
        db = needBiasGrad ? Nd4jCalls.alloc(dtype, biasShape) : null;
    }

    /** For an empty output: nothing flows back. */
    void zero() {
        dx.assign(0);
        dw.assign(0);
        if (db != null) {
            db.assign(0);
        }
    }

    /** {@code {dX or null, dW, dB or null}} as the kernel interfaces return them. */
    NdArray[] result(Nd4jBackend backend, boolean needInputGrad) {
        NdArray dxOut = needInputGrad ? backend.wrap(dx, xShape, dtype) : null;
        if (!needInputGrad) {
            Nd4jCalls.free(dx);
        }
        return new NdArray[]{dxOut, backend.wrap(dw, wShape, dtype), db == null ? null : backend.wrap(db, biasShape, dtype)};
    }
}
