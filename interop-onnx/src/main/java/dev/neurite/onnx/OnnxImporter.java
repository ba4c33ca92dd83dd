package dev.neurite.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.onnx.proto.OnnxProto.GraphProto;
import dev.neurite.onnx.proto.OnnxProto.ModelProto;
import dev.neurite.onnx.proto.OnnxProto.NodeProto;
import dev.neurite.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.neurite.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.neurite.onnx.proto.OnnxProto.TensorProto;
import dev.neurite.onnx.proto.OnnxProto.TensorShapeProto;
import dev.neurite.onnx.proto.OnnxProto.TypeProto;
import dev.neurite.onnx.proto.OnnxProto.ValueInfoProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX {@code ModelProto} (default-domain opsets {@value OnnxOperators#MIN_OPSET} to
 * {@value OnnxOperators#MAX_OPSET}) into an {@link OnnxModel}. Every problem is reported as an {@link OnnxException}
 * before anything runs: unreadable bytes, an unsupported opset, every unsupported operator (with node names), values
 * used before they are defined, initializers whose data does not match their shape, missing external-data files.
 *
 * <pre>{@code
 * OnnxModel model = OnnxImporter.load(Path.of("model.onnx"));
 * Tensor logits = model.forward(images);
 * }</pre>
 */
public final class OnnxImporter {
    /** Initializer inputs that are statistics or settings, not weights: kept as buffers, never trained. */
    private static final Map<String, Set<Integer>> FROZEN_INPUTS = Map.of(
            "BatchNormalization", Set.of(3, 4), "Resize", Set.of(1, 2, 3), "Upsample", Set.of(1), "Clip", Set.of(1, 2),
            "Pad", Set.of(1, 2), "Pow", Set.of(1));
    private static final int MAX_MODEL_BYTES = Integer.MAX_VALUE - 8;

    private OnnxImporter() {
    }

    /** Imports the model file; external data is looked up beside it. */
    public static OnnxModel load(Path file) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new OnnxException("onnx: model file '" + file + "' does not exist");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OnnxException("onnx: cannot read model file '" + file + "': " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return load(bytes, dir, file.toString());
    }

    /** Imports a model held in memory; a model with external data must be loaded from its file instead. */
    public static OnnxModel load(byte[] bytes) {
        return load(bytes, null, "model");
    }

    static ModelProto parse(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new OnnxException("onnx: " + source + " is empty (0 bytes), not an ONNX model");
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setSizeLimit(MAX_MODEL_BYTES);
            in.setRecursionLimit(100);
            ModelProto m = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
            return m;
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxException("onnx: " + source + " is not a valid ONNX model (truncated or corrupt protobuf: "
                    + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new OnnxException("onnx: " + source + " cannot be parsed as an ONNX model: " + e, e);
        }
    }

    static OnnxModel load(byte[] bytes, Path baseDir, String source) {
        ModelProto m = parse(bytes, source);
        return MemoryScope.outside(() -> build(m, baseDir, source));
    }

    private static OnnxModel build(ModelProto m, Path baseDir, String source) {
        if (!m.hasGraph()) {
            throw new OnnxException("onnx: " + source + " has no graph (is it an ONNX model?)");
        }
        int opset = defaultOpset(m, source);
        GraphProto g = m.getGraph();
        Map<String, Tensor> initial = new LinkedHashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            if (t.getName().isEmpty()) {
                throw new OnnxException("onnx: " + source + " has an initializer without a name");
            }
            if (initial.put(t.getName(), TensorProtos.decode(t, baseDir)) != null) {
                throw new OnnxException("onnx: " + source + " has two initializers named '" + t.getName() + "'");
            }
        }
        if (g.getSparseInitializerCount() > 0) {
            throw new OnnxException("onnx: " + source + ": sparse initializers are not supported");
        }
        List<OnnxValueInfo> inputs = new ArrayList<>();
        Set<String> defined = new HashSet<>(initial.keySet());
        for (ValueInfoProto v : g.getInputList()) {
            if (!initial.containsKey(v.getName())) {
                inputs.add(valueInfo(v, source));
                if (!defined.add(v.getName())) {
                    throw new OnnxException("onnx: " + source + " declares input '" + v.getName() + "' twice");
                }
            }
        }
        List<String> unsupported = new ArrayList<>();
        for (NodeProto n : g.getNodeList()) {
            boolean defaultDomain = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
            if (!defaultDomain || !OnnxOperators.isSupported(n.getOpType())) {
                unsupported.add("'" + n.getName() + "' (" + (defaultDomain ? "" : n.getDomain() + ".") + n.getOpType() + ")");
            }
        }
        if (!unsupported.isEmpty()) {
            throw new OnnxException("onnx: " + source + " (opset " + opset + ") uses " + unsupported.size()
                    + " unsupported operator node(s): " + String.join(", ", unsupported)
                    + "; docs/onnx-ops.md lists the supported operators");
        }
        Map<String, Tensor> constants = new LinkedHashMap<>();
        List<OnnxNode> nodes = new ArrayList<>();
        Map<String, List<int[]>> uses = new LinkedHashMap<>();
        int index = 0;
        for (NodeProto n : g.getNodeList()) {
            String name = n.getName().isEmpty() ? n.getOpType() + "_" + index : n.getName();
            index++;
            Attributes attrs = new Attributes("node '" + name + "' (" + n.getOpType() + ")", n.getAttributeList());
            for (int i = 0; i < n.getInputCount(); i++) {
                String in = n.getInput(i);
                if (!in.isEmpty() && !defined.contains(in)) {
                    throw new OnnxException("onnx: " + source + ": node '" + name + "' (" + n.getOpType() + ") uses '" + in
                            + "' before any node, input or initializer defines it (nodes must be in topological order)");
                }
                uses.computeIfAbsent(in, k -> new ArrayList<>()).add(new int[]{nodes.size(), i});
            }
            for (String out : n.getOutputList()) {
                if (!out.isEmpty() && !defined.add(out)) {
                    throw new OnnxException("onnx: " + source + ": value '" + out + "' is defined twice (again by node '"
                            + name + "')");
                }
            }
            if (n.getAttributeList().stream().anyMatch(a -> a.hasG() || a.getGraphsCount() > 0)) {
                throw new OnnxException("onnx: " + source + ": node '" + name + "' (" + n.getOpType()
                        + ") has a subgraph, which is not supported");
            }
            OnnxNode node = new OnnxNode(name, n.getOpType(), List.copyOf(n.getInputList()), List.copyOf(n.getOutputList()),
                    attrs, OnnxOperators.find(n.getOpType()));
            if (n.getOpType().equals("Constant") && n.getOutputCount() == 1) {
                OpCall call = new OpCall(node, List.of(), opset, false);
                try {
                    constants.put(n.getOutput(0), node.op().apply(call).get(0));
                } catch (OnnxException e) {
                    throw new OnnxException("onnx: " + source + ": " + e.getMessage(), e);
                }
                nodes.add(null);
                continue;
            }
            nodes.add(node);
        }
        List<OnnxValueInfo> outputs = new ArrayList<>();
        for (ValueInfoProto v : g.getOutputList()) {
            if (!defined.contains(v.getName())) {
                throw new OnnxException("onnx: " + source + ": output '" + v.getName() + "' is not produced by any node");
            }
            outputs.add(valueInfo(v, source));
        }
        if (outputs.isEmpty()) {
            throw new OnnxException("onnx: " + source + " declares no graph outputs");
        }
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        initial.forEach((name, t) -> {
            if (isTrainable(name, t, uses.getOrDefault(name, List.of()), nodes)) {
                parameters.put(name, t.requiresGrad(true));
            } else {
                buffers.put(name, t);
            }
        });
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("producer", (m.getProducerName() + " " + m.getProducerVersion()).trim());
        meta.put("ir_version", Long.toString(m.getIrVersion()));
        meta.put("graph", g.getName());
        for (StringStringEntryProto e : m.getMetadataPropsList()) {
            meta.put(e.getKey(), e.getValue());
        }
        return new OnnxModel(inputs, outputs, nodes.stream().filter(java.util.Objects::nonNull).toList(), parameters, buffers,
                constants, opset, meta, m);
    }

    private static boolean isTrainable(String name, Tensor t, List<int[]> uses, List<OnnxNode> nodes) {
        if (!t.dtype().isFloatingPoint() || t.rank() == 0 || uses.isEmpty()) {
            return false;
        }
        for (int[] u : uses) {
            OnnxNode n = nodes.get(u[0]);
            if (n == null || FROZEN_INPUTS.getOrDefault(n.opType(), Set.of()).contains(u[1])) {
                return false;
            }
        }
        return true;
    }

    private static int defaultOpset(ModelProto m, String source) {
        Integer opset = null;
        for (OperatorSetIdProto o : m.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                opset = (int) o.getVersion();
            }
        }
        if (opset == null) {
            throw new OnnxException("onnx: " + source + " declares no default-domain opset (opset_import is empty)");
        }
        if (opset < OnnxOperators.MIN_OPSET || opset > OnnxOperators.MAX_OPSET) {
            throw new OnnxException("onnx: " + source + " uses opset " + opset + "; supported are opsets "
                    + OnnxOperators.MIN_OPSET + " to " + OnnxOperators.MAX_OPSET);
        }
        return opset;
    }

    private static OnnxValueInfo valueInfo(ValueInfoProto v, String source) {
        if (v.getName().isEmpty()) {
            throw new OnnxException("onnx: " + source + " has a graph input or output without a name");
        }
        TypeProto type = v.getType();
        if (!type.hasTensorType()) {
            return new OnnxValueInfo(v.getName(), null, null);
        }
        TypeProto.Tensor tt = type.getTensorType();
        var dtype = tt.hasElemType() ? TensorProtos.dtypeOf(tt.getElemType(), "value '" + v.getName() + "'") : null;
        if (!tt.hasShape()) {
            return new OnnxValueInfo(v.getName(), dtype, null);
        }
        List<Object> dims = new ArrayList<>();
        for (TensorShapeProto.Dimension d : tt.getShape().getDimList()) {
            if (d.hasDimValue()) {
                dims.add(d.getDimValue());
            } else if (d.hasDimParam() && !d.getDimParam().isEmpty()) {
                dims.add(d.getDimParam());
            } else {
                dims.add("?");
            }
        }
        return new OnnxValueInfo(v.getName(), dtype, dims);
    }
}
