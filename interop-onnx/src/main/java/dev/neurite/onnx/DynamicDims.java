package dev.neurite.onnx;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Graph;
import dev.neurite.api.nn.Layer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The symbolic dimensions of an export: the inputs declare them, and the outputs' are found by running the model
 * again with one symbolic dimension at another size and seeing which output axes follow it.
 */
final class DynamicDims {
    private DynamicDims() {
    }

    /** Every symbolic name has one traced size across the inputs. */
    static void checkConsistent(List<String> names, List<Tensor> samples, List<List<String>> dims) {
        Map<String, String> where = new LinkedHashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            for (int a = 0; a < dims.get(i).size(); a++) {
                String d = dims.get(i).get(a);
                if (d == null) {
                    continue;
                }
                long size = samples.get(i).shape().size(a);
                Long seen = sizes.putIfAbsent(d, size);
                String here = "axis " + a + " of input '" + names.get(i) + "'";
                where.putIfAbsent(d, here);
                if (seen != null && seen != size) {
                    throw new OnnxException("onnx export: dimension '" + d + "' is traced at " + seen + " (" + where.get(d)
                            + ") and at " + size + " (" + here + "); one symbolic dimension needs one size");
                }
            }
        }
    }

    /**
     * Per output and axis: a {@code Long} (fixed), the name of the input dimension it follows, or {@code "?"} when it
     * varies in another way (a product of dimensions, say).
     */
    static List<List<Object>> outputDims(Layer model, List<String> names, List<Tensor> samples, List<List<String>> dims,
                                         List<Tensor> outputs) {
        List<List<Object>> result = new ArrayList<>();
        for (Tensor out : outputs) {
            List<Object> d = new ArrayList<>();
            for (long s : out.shape().toArray()) {
                d.add(s);
            }
            result.add(d);
        }
        Map<String, Long> traced = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            for (int a = 0; a < dims.get(i).size(); a++) {
                if (dims.get(i).get(a) != null) {
                    traced.putIfAbsent(dims.get(i).get(a), samples.get(i).shape().size(a));
                }
            }
        }
        for (Map.Entry<String, Long> sym : traced.entrySet()) {
            long size = sym.getValue();
            long other = size + 1;
            List<Tensor> changed = run(model, resized(samples, dims, sym.getKey(), other));
            if (changed == null && size > 1) {
                other = size - 1;
                changed = run(model, resized(samples, dims, sym.getKey(), other));
            }
            if (changed == null) {
                throw new OnnxException("onnx export: dimension '" + sym.getKey() + "' (" + located(names, dims, sym.getKey())
                        + ") is declared symbolic, but the model rejects sizes other than " + size + ": "
                        + failure(model, resized(samples, dims, sym.getKey(), size + 1)));
            }
            for (int o = 0; o < outputs.size(); o++) {
                long[] before = outputs.get(o).shape().toArray();
                long[] after = changed.get(o).shape().toArray();
                for (int a = 0; a < before.length; a++) {
                    if (before[a] == after[a]) {
                        continue;
                    }
                    boolean follows = before[a] == size && after[a] == other && result.get(o).get(a) instanceof Long;
                    result.get(o).set(a, follows ? sym.getKey() : "?");
                }
            }
        }
        return result;
    }

    private static List<Tensor> resized(List<Tensor> samples, List<List<String>> dims, String name, long size) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            long[] shape = samples.get(i).shape().toArray();
            for (int a = 0; a < shape.length; a++) {
                if (name.equals(dims.get(i).get(a))) {
                    shape[a] = size;
                }
            }
            out.add(Tensor.zeros(dev.neurite.api.Shape.of(shape), samples.get(i).dtype()));
        }
        return out;
    }

    /** The model's outputs, or null when it rejects the inputs. */
    private static List<Tensor> run(Layer model, List<Tensor> inputs) {
        try {
            return forwardAll(model, inputs);
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static String failure(Layer model, List<Tensor> inputs) {
        try {
            forwardAll(model, inputs);
            return "(no error at that size)";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private static List<Tensor> forwardAll(Layer model, List<Tensor> inputs) {
        return model instanceof Graph g ? g.forwardAll(inputs) : List.of(model.forward(inputs));
    }

    private static String located(List<String> names, List<List<String>> dims, String name) {
        for (int i = 0; i < names.size(); i++) {
            int a = dims.get(i).indexOf(name);
            if (a >= 0) {
                return "axis " + a + " of input '" + names.get(i) + "'";
            }
        }
        return "no input";
    }
}
