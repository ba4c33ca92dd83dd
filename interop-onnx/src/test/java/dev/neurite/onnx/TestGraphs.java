package dev.neurite.onnx;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.onnx.proto.OnnxProto.ModelProto;
import dev.neurite.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.neurite.onnx.proto.OnnxProto.TensorShapeProto;
import dev.neurite.onnx.proto.OnnxProto.TypeProto;
import dev.neurite.onnx.proto.OnnxProto.ValueInfoProto;

/** Builds small ONNX models in tests, one node at a time (float64 ones for gradient checks). */
final class TestGraphs {
    private final GraphWriter w;
    private int count;

    TestGraphs(int opset) {
        w = new GraphWriter(opset);
    }

    TestGraphs input(String name, DType dtype, Object... dims) {
        w.reserve(name);
        w.graph.addInput(value(name, dtype, dims));
        return this;
    }

    TestGraphs output(String name) {
        w.graph.addOutput(ValueInfoProto.newBuilder().setName(name));
        return this;
    }

    TestGraphs initializer(String name, Tensor t) {
        w.initializer(name, t);
        return this;
    }

    TestGraphs longs(String name, long... v) {
        return initializer(name, Tensor.ofLongs(v, v.length));
    }

    /** A node with outputs {@code outputs} (comma separated) and attribute name/value pairs. */
    TestGraphs node(String op, String inputs, String outputs, Object... attrs) {
        String[] in = inputs.isEmpty() ? new String[0] : inputs.split(",", -1);
        String[] out = outputs.split(",", -1);
        for (String o : out) {
            w.reserve(o);
        }
        w.nodeWithOutputs(op, op.toLowerCase() + "_" + count++, in, out, attrs);
        return this;
    }

    ModelProto proto() {
        return ModelProto.newBuilder().setIrVersion(8).setGraph(w.graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(w.opset)).build();
    }

    byte[] bytes() {
        return proto().toByteArray();
    }

    OnnxModel load() {
        return OnnxImporter.load(bytes());
    }

    static ValueInfoProto value(String name, DType dtype, Object... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof String p) {
                s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(p));
            } else {
                s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
            }
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProtos.onnxTypeOf(dtype)).setShape(s))).build();
    }

    static Tensor randn(long seed, long... shape) {
        return Tensor.randn(dev.neurite.api.Shape.of(shape), seed).cast(DType.FLOAT64);
    }
}
