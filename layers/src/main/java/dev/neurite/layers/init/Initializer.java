package dev.neurite.layers.init;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * Creates the initial value of a parameter. Fan-in and fan-out are passed in by the layer (for a dense weight
 * {@code [out, in]} they are {@code in} and {@code out}) because only the layer knows which axes they are; the same
 * initializer can then fill a bias with a bound that depends on the layer's fan-in, as PyTorch does.
 * Results depend only on the arguments, so a model is reproducible from its seeds.
 *
 * @see Initializers for the standard schemes
 */
public interface Initializer {
    Tensor create(Shape shape, DType dtype, long fanIn, long fanOut, long seed);

    /** A float32 parameter. */
    default Tensor create(Shape shape, long fanIn, long fanOut, long seed) {
        return create(shape, DType.FLOAT32, fanIn, fanOut, seed);
    }

    /** What {@link Initializers#fromConfig} rebuilds this initializer from. */
    Config config();
}
