package dev.neurite.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.neurite.api.Tensor;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a serialized ONNX model in ONNX Runtime (Java), the reference executor for exported models. */
final class OrtPeer implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    OrtPeer(byte[] model) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        session = env.createSession(model, options);
    }

    /** A float32 output: values and shape. */
    record Output(float[] values, long[] shape) {
    }

    /** Feeds float32 or int64 tensors; the outputs must be float32. */
    List<Output> run(Map<String, Tensor> inputs) throws OrtException {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                Tensor t = e.getValue();
                long[] shape = t.shape().toArray();
                feeds.put(e.getKey(), t.dtype() == dev.neurite.api.DType.INT64
                        ? OnnxTensor.createTensor(env, LongBuffer.wrap(t.toLongArray()), shape)
                        : OnnxTensor.createTensor(env, FloatBuffer.wrap(t.toFloatArray()), shape));
            }
            try (OrtSession.Result r = session.run(feeds)) {
                List<Output> out = new ArrayList<>();
                for (int i = 0; i < r.size(); i++) {
                    OnnxTensor t = (OnnxTensor) r.get(i);
                    FloatBuffer b = t.getFloatBuffer();
                    float[] v = new float[b.remaining()];
                    b.get(v);
                    out.add(new Output(v, t.getInfo().getShape()));
                }
                return out;
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
