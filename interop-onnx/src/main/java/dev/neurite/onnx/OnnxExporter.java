package dev.neurite.onnx;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Graph;
import dev.neurite.api.nn.Layer;
import dev.neurite.onnx.proto.OnnxProto.ModelProto;
import dev.neurite.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.neurite.onnx.proto.OnnxProto.TensorShapeProto;
import dev.neurite.onnx.proto.OnnxProto.TypeProto;
import dev.neurite.onnx.proto.OnnxProto.ValueInfoProto;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a model built from the standard layers ({@code Sequential}, {@code Graph} with residual {@code Add} and
 * {@code Concat}, dense, convolution, pooling, normalisation, activation, dropout layers) as an ONNX model in
 * inference form. Initializers keep the model's parameter and buffer names ({@code 0.weight},
 * {@code block.bn1.running_mean}); nodes are named by layer path. The model is traced once on zero inputs of the
 * given shapes to learn each value's rank; with a dynamic batch the first dimension is declared as {@code batch}.
 *
 * <pre>{@code
 * OnnxExporter.export(model, List.of(Shape.of(1, 1, 28, 28)), OnnxExportOptions.defaults(), Path.of("cnn.onnx"));
 * }</pre>
 */
public final class OnnxExporter {
    private OnnxExporter() {
    }

    /** Exports to {@code file} atomically. */
    public static void export(Layer model, List<Shape> inputShapes, OnnxExportOptions options, Path file) {
        OnnxTensors.writeAtomically(file, toBytes(model, inputShapes, options));
    }

    /** The serialized ONNX model. */
    public static byte[] toBytes(Layer model, List<Shape> inputShapes, OnnxExportOptions options) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (MemoryScope scope = MemoryScope.open(); GradMode.Guard g = GradMode.noGrad()) {
            return build(model, inputShapes, options).toByteArray();
        } finally {
            model.train(wasTraining);
        }
    }

    private static ModelProto build(Layer model, List<Shape> inputShapes, OnnxExportOptions o) {
        GraphWriter w = new GraphWriter(o.opset());
        w.graph.setName(o.graphName());
        List<String> inputNames = model instanceof Graph g ? g.inputNames() : List.of(o.inputName());
        if (inputShapes.size() != inputNames.size()) {
            throw new OnnxException("onnx export: the model takes " + inputNames.size() + " inputs " + inputNames + ", got "
                    + inputShapes.size() + " input shapes");
        }
        List<LayerExporters.Value> inputs = new ArrayList<>();
        for (int i = 0; i < inputNames.size(); i++) {
            String name = inputNames.get(i);
            w.reserve(name);
            Tensor sample = Tensor.zeros(inputShapes.get(i), dev.neurite.api.DType.FLOAT32);
            inputs.add(new LayerExporters.Value(name, sample));
            w.graph.addInput(valueInfo(name, sample.shape(), o.dynamicBatch()));
        }
        List<LayerExporters.Value> outputs;
        List<String> outputNames;
        if (model instanceof Graph g) {
            outputs = LayerExporters.graph(w, g, "", inputs);
            outputNames = g.outputNames();
        } else {
            outputs = List.of(LayerExporters.layer(w, model, "", inputs.get(0)));
            outputNames = List.of(o.outputName());
        }
        for (int i = 0; i < outputs.size(); i++) {
            String name = outputNames.get(i);
            String out = name;
            if (inputNames.contains(name) || !outputs.get(i).name().equals(name)) {
                out = w.fresh(name);
                w.nodeWithOutputs("Identity", name, new String[]{outputs.get(i).name()}, new String[]{out});
            }
            w.graph.addOutput(valueInfo(out, outputs.get(i).sample().shape(), o.dynamicBatch()));
        }
        return ModelProto.newBuilder().setIrVersion(o.opset() >= 15 ? 8 : 7).setProducerName("neurite")
                .setProducerVersion("0.1.0").setGraph(w.graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(o.opset())).build();
    }

    private static ValueInfoProto valueInfo(String name, Shape shape, boolean dynamicBatch) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int i = 0; i < shape.rank(); i++) {
            if (i == 0 && dynamicBatch) {
                s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
            } else {
                s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(shape.size(i)));
            }
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    /** The config of {@code layer} as a map (for error messages and exporters). */
    static Map<String, Object> configOf(Layer layer) {
        Config c = layer.config();
        return c == null ? Map.of() : new LinkedHashMap<>(c.asMap());
    }
}
