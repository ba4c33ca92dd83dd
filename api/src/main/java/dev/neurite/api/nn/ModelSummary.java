package dev.neurite.api.nn;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Keras-style table of a model's layers with output shapes and parameter counts, computed by running one
 * example of {@code inputShape} (batch dimension included) through it.
 */
public final class ModelSummary {
    /** One row of the table. */
    public record Row(String name, String type, Shape outputShape, long parameters) {
    }

    private final List<Row> rows;
    private final long totalParameters;
    private final long trainableParameters;

    private ModelSummary(List<Row> rows, long total, long trainable) {
        this.rows = rows;
        this.totalParameters = total;
        this.trainableParameters = trainable;
    }

    public static ModelSummary of(Layer model, Shape inputShape) {
        List<Row> rows = new ArrayList<>();
        boolean wasTraining = model.isTraining();
        model.eval();
        try (GradMode.Guard g = GradMode.noGrad(); dev.neurite.api.MemoryScope scope = dev.neurite.api.MemoryScope.open()) {
            Tensor x = Tensor.zeros(inputShape, DType.FLOAT32);
            if (model instanceof Sequential seq) {
                int i = 0;
                for (Layer l : seq.layers()) {
                    x = l.forward(x);
                    rows.add(new Row(Integer.toString(i++), l.typeId(), x.shape(), count(l)));
                }
            } else if (model instanceof Graph graph) {
                Map<String, Tensor> values = graph.evaluate(List.of(x));
                values.forEach((name, v) -> {
                    if (!graph.inputNames().contains(name)) {
                        Layer l = graph.layerAt(name);
                        rows.add(new Row(name, l.typeId(), v.shape(), count(l)));
                    }
                });
            } else {
                rows.add(new Row("model", model.typeId(), model.forward(x).shape(), count(model)));
            }
        } finally {
            model.train(wasTraining);
        }
        long total = count(model) + model.buffers().values().stream().mapToLong(Tensor::numel).sum();
        return new ModelSummary(rows, total, count(model));
    }

    /** Number of trainable parameter elements. */
    public static long count(Layer layer) {
        return layer.parameters().values().stream().mapToLong(Tensor::numel).sum();
    }

    public List<Row> rows() {
        return rows;
    }

    public long totalParameters() {
        return totalParameters;
    }

    public long trainableParameters() {
        return trainableParameters;
    }

    @Override
    public String toString() {
        String format = "%-18s %-16s %-20s %,14d%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-18s %-16s %-20s %14s%n", "Layer", "Type", "Output shape", "Params"));
        sb.append("-".repeat(71)).append('\n');
        for (Row r : rows) {
            sb.append(String.format(format, r.name(), r.type(), r.outputShape(), r.parameters()));
        }
        sb.append("-".repeat(71)).append('\n');
        sb.append(String.format("Trainable params: %,d%n", trainableParameters));
        sb.append(String.format("Non-trainable params: %,d%n", totalParameters - trainableParameters));
        sb.append(String.format("Total params: %,d%n", totalParameters));
        return sb.toString();
    }
}
