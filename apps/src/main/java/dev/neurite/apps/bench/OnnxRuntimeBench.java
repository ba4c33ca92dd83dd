package dev.neurite.apps.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Layer;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Inference timing of one model in Neurite and of its ONNX export in ONNX Runtime (Java), on the same input: the
 * exported CNN's latency and throughput side by side, from one run.
 */
public final class OnnxRuntimeBench {
    private OnnxRuntimeBench() {
    }

    /** Milliseconds per forward pass and samples per second, with the last output kept for comparison. */
    public record Timing(double msPerBatch, double samplesPerSecond, float[] output) {
    }

    /** Times {@code model.forward(x)} in Neurite, each pass in its own memory scope, without gradients. */
    public static Timing neurite(Layer model, Tensor x, int steps, int warmup) {
        model.eval();
        float[] last = null;
        long start = 0;
        for (int i = 0; i < warmup + steps; i++) {
            if (i == warmup) {
                start = System.nanoTime();
            }
            try (MemoryScope scope = MemoryScope.open(); GradMode.Guard g = GradMode.noGrad()) {
                Tensor y = model.forward(x);
                last = i == warmup + steps - 1 ? y.toFloatArray() : null;
                if (last == null) {
                    y.sum().item();
                }
            }
        }
        return timing(start, steps, x.size(0), last);
    }

    /** Times ONNX Runtime on the serialized model with {@code threads} intra-op threads. */
    public static Timing onnxRuntime(byte[] model, String inputName, Tensor x, int threads, int steps, int warmup)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model, options);
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), x.shape().toArray())) {
                float[] last = null;
                long start = 0;
                for (int i = 0; i < warmup + steps; i++) {
                    if (i == warmup) {
                        start = System.nanoTime();
                    }
                    try (OrtSession.Result r = session.run(Map.of(inputName, input))) {
                        if (i == warmup + steps - 1) {
                            FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
                            last = new float[b.remaining()];
                            b.get(last);
                        }
                    }
                }
                return timing(start, steps, x.size(0), last);
            }
        }
    }

    private static Timing timing(long start, int steps, long batch, float[] last) {
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Timing(1000 * seconds / steps, steps * (double) batch / seconds, last);
    }

    /** The largest elementwise difference between two outputs. */
    public static double maxDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
