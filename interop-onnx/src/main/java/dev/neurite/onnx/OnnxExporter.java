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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a model built from the standard layers ({@code Sequential}, {@code Graph} with residual {@code Add} and
 * {@code Concat}, dense, convolution, pooling, normalisation, activation, dropout, embedding, recurrent, attention and
 * Transformer layers, the sequence-to-sequence models) as an ONNX model in inference form. Initializers keep the
 * model's parameter and buffer names ({@code 0.weight}, {@code block.bn1.running_mean}); nodes are named by layer path.
 * The model is traced once on zero inputs of the given shapes to learn each value's rank, and once more per symbolic
 * dimension at another size to learn which output dimensions follow it.
 *
 * <pre>{@code
 * OnnxExporter.export(model, List.of(Shape.of(1, 1, 28, 28)), OnnxExportOptions.defaults(), Path.of("cnn.onnx"));
 * OnnxExporter.export(seq2seq, OnnxExportOptions.defaults(), Path.of("seq2seq.onnx"),
 *         OnnxInput.tokens(1, 10).withDims("batch", "src_len"), OnnxInput.tokens(1, 9).withDims("batch", "tgt_len"));
 * }</pre>
 */
public final class OnnxExporter {
    private OnnxExporter() {
    }

    /** Exports to {@code file} atomically; float32 inputs of the given shapes. */
    public static void export(Layer model, List<Shape> inputShapes, OnnxExportOptions options, Path file) {
        OnnxTensors.writeAtomically(file, toBytes(model, inputShapes, options));
    }

    /** Exports to {@code file} atomically. */
    public static void export(Layer model, OnnxExportOptions options, Path file, OnnxInput... inputs) {
        OnnxTensors.writeAtomically(file, toBytes(model, options, inputs));
    }

    /** The serialized ONNX model for float32 inputs of the given shapes. */
    public static byte[] toBytes(Layer model, List<Shape> inputShapes, OnnxExportOptions options) {
        return toBytes(model, options, inputShapes.stream().map(OnnxInput::of).toArray(OnnxInput[]::new));
    }

    /** The serialized ONNX model; one {@link OnnxInput} per model input, in the order the model takes them. */
    public static byte[] toBytes(Layer model, OnnxExportOptions options, OnnxInput... inputs) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (MemoryScope scope = MemoryScope.open(); GradMode.Guard g = GradMode.noGrad()) {
            return build(model, List.of(inputs), options).toByteArray();
        } finally {
            model.train(wasTraining);
        }
    }

    private static ModelProto build(Layer model, List<OnnxInput> specs, OnnxExportOptions o) {
        GraphWriter w = new GraphWriter(o.opset(), o.causalDecoder());
        w.graph.setName(o.graphName());
        List<String> inputNames = inputNames(model, specs, o);
        List<List<String>> dims = new ArrayList<>();
        List<Tensor> samples = new ArrayList<>();
        List<LayerExporters.Value> inputs = new ArrayList<>();
        for (int i = 0; i < inputNames.size(); i++) {
            String name = inputNames.get(i);
            w.reserve(name);
            Tensor sample = Tensor.zeros(specs.get(i).shape(), specs.get(i).dtype());
            samples.add(sample);
            dims.add(specs.get(i).resolvedDims(o));
            inputs.add(new LayerExporters.Value(name, sample));
            w.graph.addInput(valueInfo(name, sample, new ArrayList<>(dims.get(i))));
        }
        DynamicDims.checkConsistent(inputNames, samples, dims);
        List<LayerExporters.Value> outputs;
        List<String> outputNames;
        if (model instanceof Graph g) {
            outputs = LayerExporters.graph(w, g, "", inputs);
            outputNames = g.outputNames();
        } else {
            outputs = List.of(LayerExporters.layer(w, model, "", inputs));
            outputNames = List.of(o.outputName());
        }
        List<List<Object>> outDims = DynamicDims.outputDims(model, inputNames, samples, dims,
                outputs.stream().map(LayerExporters.Value::sample).toList());
        for (int i = 0; i < outputs.size(); i++) {
            String name = outputNames.get(i);
            String out = name;
            if (inputNames.contains(name) || !outputs.get(i).name().equals(name)) {
                out = w.fresh(name);
                w.nodeWithOutputs("Identity", name, new String[]{outputs.get(i).name()}, new String[]{out});
            }
            w.graph.addOutput(valueInfo(out, outputs.get(i).sample(), outDims.get(i)));
        }
        return ModelProto.newBuilder().setIrVersion(o.opset() >= 15 ? 8 : 7).setProducerName("neurite")
                .setProducerVersion("0.1.0").setGraph(w.graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(o.opset())).build();
    }

    /** The inputs' graph names: the specs' own, else the model's (a graph's inputs, tgt/memory, src/tgt, ...). */
    private static List<String> inputNames(Layer model, List<OnnxInput> specs, OnnxExportOptions o) {
        if (specs.isEmpty()) {
            throw new OnnxException("onnx export: no inputs given for '" + model.typeId() + "'");
        }
        List<String> defaults;
        if (model instanceof Graph g) {
            defaults = g.inputNames();
            if (specs.size() != defaults.size()) {
                throw new OnnxException("onnx export: the model takes " + defaults.size() + " inputs " + defaults + ", got "
                        + specs.size() + " input shapes");
            }
        } else {
            defaults = specs.size() == 1 ? List.of(o.inputName()) : SequenceExporters.inputNames(model, specs.size());
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            String name = specs.get(i).name() != null ? specs.get(i).name() : defaults.get(i);
            if (!seen.add(name)) {
                throw new OnnxException("onnx export: two inputs are named '" + name + "' (names " + names + " so far)");
            }
            names.add(name);
        }
        return names;
    }

    /** @param dims per axis: a {@code Long} or null (the sample's size), a symbolic name, or {@code "?"} (unknown) */
    private static ValueInfoProto valueInfo(String name, Tensor sample, List<?> dims) {
        Shape shape = sample.shape();
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int i = 0; i < shape.rank(); i++) {
            Object d = dims.get(i);
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String sym) {
                if (!sym.equals("?")) {
                    dim.setDimParam(sym);
                }
            } else {
                dim.setDimValue(shape.size(i));
            }
            s.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProtos.onnxTypeOf(sample.dtype())).setShape(s))).build();
    }

    /** The config of {@code layer} as a map (for error messages and exporters). */
    static Map<String, Object> configOf(Layer layer) {
        Config c = layer.config();
        return c == null ? Map.of() : new LinkedHashMap<>(c.asMap());
    }
}
