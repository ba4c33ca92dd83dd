package dev.neurite.apps;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.neurite.api.DType;
import dev.neurite.api.Tensor;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs an ONNX file in ONNX Runtime (Java), the reference executor for what {@code neurite onnx export} writes. */
final class OrtSessions {
    private OrtSessions() {
    }

    /** The first output, float32, for float32 or int64 feeds. */
    static float[] run(Path model, Map<String, Tensor> inputs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                    Tensor t = e.getValue();
                    long[] shape = t.shape().toArray();
                    feeds.put(e.getKey(), t.dtype() == DType.INT64
                            ? OnnxTensor.createTensor(env, LongBuffer.wrap(t.toLongArray()), shape)
                            : OnnxTensor.createTensor(env, FloatBuffer.wrap(t.toFloatArray()), shape));
                }
                try (OrtSession.Result r = session.run(feeds)) {
                    FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
                    float[] v = new float[b.remaining()];
                    b.get(v);
                    return v;
                }
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }
}
