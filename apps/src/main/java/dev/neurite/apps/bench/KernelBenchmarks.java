package dev.neurite.apps.bench;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.Backends;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.BatchNormKernel;
import dev.neurite.api.backend.kernel.Conv2dKernel;
import dev.neurite.api.backend.kernel.Pool2dKernel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * JMH benchmarks of the backend's fused kernels on the shapes of the command line's CNN and ResNet (batch 128,
 * float32), straight through the kernel SPI: no autograd, no layer code. Run them with {@code neurite bench kernels},
 * which prints PyTorch's figures for the same calls beside them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KernelBenchmarks {
    /** A case name from {@link KernelCase}. */
    @Param({"conv1to32@28", "conv32to64@14", "conv16to16@28", "conv16to32s2@28", "maxpool32@28", "batchnorm16@28"})
    public String kernelCase;

    private Backend backend;
    private KernelCase c;
    private NdArray x;
    private NdArray weight;
    private NdArray bias;
    private NdArray gradOutput;
    /** Batch norm's forward results {y, mean, variance}, which its backward takes. */
    private NdArray[] statistics;

    @Setup(Level.Trial)
    public void setUp() {
        backend = Backends.current();
        c = KernelCase.byName(kernelCase);
        x = random(c.input(), 1);
        weight = c.isConv() ? random(c.weight(), 2) : null;
        bias = c.isConv() ? random(Shape.of(c.out()), 3) : null;
        gradOutput = random(c.output(), 4);
        statistics = c.kind() == KernelCase.Kind.BATCHNORM ? batchNorm().forward(x, null, null, 1e-5) : new NdArray[0];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (NdArray a : new NdArray[] {x, weight, bias, gradOutput}) {
            if (a != null) {
                a.close();
            }
        }
        for (NdArray a : statistics) {
            a.close();
        }
    }

    @Benchmark
    public void forward() {
        switch (c.kind()) {
            case CONV -> conv().forward(x, weight, bias, c.stride(), c.padding(), KernelCase.ONE, 1).close();
            case MAXPOOL -> pool().forward(Pool2dKernel.Mode.MAX, x, c.window(), c.stride(), c.padding()).close();
            case BATCHNORM -> {
                for (NdArray a : batchNorm().forward(x, null, null, 1e-5)) {
                    a.close();
                }
            }
        }
    }

    @Benchmark
    public void backward() {
        switch (c.kind()) {
            case CONV -> {
                NdArray[] g = conv().backward(x, weight, gradOutput, c.stride(), c.padding(), KernelCase.ONE, 1,
                        c.needsInputGrad(), true);
                for (NdArray a : g) {
                    if (a != null) {
                        a.close();
                    }
                }
            }
            case MAXPOOL -> pool().backward(Pool2dKernel.Mode.MAX, x, gradOutput, c.window(), c.stride(), c.padding()).close();
            case BATCHNORM -> {
                NdArray[] g = batchNorm().backward(x, null, statistics[1], statistics[2], gradOutput, 1e-5)
                        .orElseThrow(() -> missing("a fused batch-norm backward"));
                g[0].close();
            }
        }
    }

    private Conv2dKernel conv() {
        return Kernels.find(backend, Conv2dKernel.class).orElseThrow(() -> missing("Conv2dKernel"));
    }

    private Pool2dKernel pool() {
        return Kernels.find(backend, Pool2dKernel.class).orElseThrow(() -> missing("Pool2dKernel"));
    }

    private BatchNormKernel batchNorm() {
        return Kernels.find(backend, BatchNormKernel.class).orElseThrow(() -> missing("BatchNormKernel"));
    }

    private IllegalStateException missing(String kernel) {
        return new IllegalStateException("backend " + backend.name() + " has no " + kernel);
    }

    private NdArray random(Shape shape, long seed) {
        return backend.random(shape, DType.FLOAT32, Distribution.NORMAL, 0, 1, seed);
    }
}
