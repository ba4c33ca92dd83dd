package dev.neurite.apps.bench;

import dev.neurite.api.Shape;
import dev.neurite.api.backend.kernel.Conv2dKernel;

import java.util.Arrays;
import java.util.List;

/**
 * One kernel call of the benchmarks, at batch 128: the convolutions of the command line's CNN (1 to 32 channels at
 * 28x28, 32 to 64 at 14x14) and ResNet (16 to 16 at 28x28, and the stride-2 16 to 32), its 2x2 max pooling, and a
 * batch-norm forward. {@code torch_bench_kernels.py} knows the same names.
 */
public record KernelCase(String name, Kind kind, long in, long out, long size, int windowSize, int strideSize, int paddingSize,
                         boolean needsInputGrad) {
    public enum Kind { CONV, MAXPOOL, BATCHNORM }

    public static final int BATCH = 128;
    static final int[] ONE = {1, 1};

    /** The first convolution of a network needs no gradient for its input, the image. */
    public static final List<KernelCase> ALL = List.of(
            new KernelCase("conv1to32@28", Kind.CONV, 1, 32, 28, 3, 1, 1, false),
            new KernelCase("conv32to64@14", Kind.CONV, 32, 64, 14, 3, 1, 1, true),
            new KernelCase("conv16to16@28", Kind.CONV, 16, 16, 28, 3, 1, 1, true),
            new KernelCase("conv16to32s2@28", Kind.CONV, 16, 32, 28, 3, 2, 1, true),
            new KernelCase("maxpool32@28", Kind.MAXPOOL, 32, 32, 28, 2, 2, 0, true),
            new KernelCase("batchnorm16@28", Kind.BATCHNORM, 16, 16, 28, 1, 1, 0, true));

    public static KernelCase byName(String name) {
        return ALL.stream().filter(c -> c.name.equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown kernel case '" + name + "'; known: " + ALL.stream().map(KernelCase::name).toList()));
    }

    boolean isConv() {
        return kind == Kind.CONV;
    }

    Shape input() {
        return Shape.of(BATCH, in, size, size);
    }

    Shape weight() {
        return Shape.of(out, in, windowSize, windowSize);
    }

    Shape output() {
        long o = kind == Kind.BATCHNORM ? size : Conv2dKernel.outputSize(size, windowSize, strideSize, paddingSize, 1);
        return Shape.of(BATCH, out, o, o);
    }

    int[] window() {
        return pair(windowSize);
    }

    int[] stride() {
        return pair(strideSize);
    }

    int[] padding() {
        return pair(paddingSize);
    }

    private static int[] pair(int v) {
        int[] p = new int[2];
        Arrays.fill(p, v);
        return p;
    }
}
