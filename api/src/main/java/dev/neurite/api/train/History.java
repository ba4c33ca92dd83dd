package dev.neurite.api.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-epoch logs of a training run, e.g. {@code {loss: 0.41, accuracy: 0.85, val_loss: 0.44, ...}}. */
public final class History {
    private final List<Map<String, Double>> epochs = new ArrayList<>();

    public void add(Map<String, Double> logs) {
        epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(logs)));
    }

    public List<Map<String, Double>> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** One metric over the epochs (NaN where absent). */
    public double[] series(String metric) {
        return epochs.stream().mapToDouble(m -> m.getOrDefault(metric, Double.NaN)).toArray();
    }

    public Map<String, Double> last() {
        return epochs.isEmpty() ? Map.of() : epochs.get(epochs.size() - 1);
    }

    public int size() {
        return epochs.size();
    }
}
