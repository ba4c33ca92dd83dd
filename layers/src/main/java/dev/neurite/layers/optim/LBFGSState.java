package dev.neurite.layers.optim;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link LBFGS}'s history as named float64 tensors for checkpoints: {@code func_evals} and {@code n_iter} (int64),
 * and once it has taken a step {@code d}, {@code prev_flat_grad} ({@code [n]}), {@code t}, {@code h_diag},
 * {@code prev_loss}, and, while the history is not empty, {@code old_dirs}, {@code old_stps} ({@code [k, n]}) and
 * {@code ro} ({@code [k]}): PyTorch's state keys.
 */
final class LBFGSState {
    private static final Set<String> KEYS = Set.of("func_evals", "n_iter", "d", "prev_flat_grad", "t", "h_diag",
            "prev_loss", "old_dirs", "old_stps", "ro");

    private LBFGSState() {
    }

    static Map<String, Tensor> save(LBFGS o) {
        Map<String, Tensor> s = new LinkedHashMap<>();
        long[] counters = o.counters();
        s.put("func_evals", MemoryScope.outside(() -> Tensor.scalar(counters[0], DType.INT64)));
        s.put("n_iter", MemoryScope.outside(() -> Tensor.scalar(counters[1], DType.INT64)));
        if (o.direction() == null) {
            return s;
        }
        double[] scalars = o.scalars();
        s.put("d", LBFGS.vector(o.direction()));
        s.put("prev_flat_grad", LBFGS.vector(o.prevFlatGrad()));
        s.put("t", scalar(scalars[0]));
        s.put("h_diag", scalar(scalars[1]));
        s.put("prev_loss", scalar(scalars[2]));
        int k = o.oldDirs().size();
        if (k > 0) {
            s.put("old_dirs", matrix(o.oldDirs(), o.size()));
            s.put("old_stps", matrix(o.oldSteps(), o.size()));
            s.put("ro", LBFGS.vector(o.rho().stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return s;
    }

    static void load(LBFGS o, Map<String, Tensor> state) {
        for (String key : state.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("lbfgs: cannot load state '" + key + "'; expected one of " + KEYS);
            }
        }
        long evals = state.containsKey("func_evals") ? (long) state.get("func_evals").item() : 0;
        long iters = state.containsKey("n_iter") ? (long) state.get("n_iter").item() : 0;
        if (!state.containsKey("d")) {
            o.restore(evals, iters, new double[]{0, 1, 0}, null, null, List.of(), List.of(), List.of());
            return;
        }
        double[] d = vector(state, "d", o.size());
        double[] prev = vector(state, "prev_flat_grad", o.size());
        double[] scalars = {value(state, "t"), value(state, "h_diag"), value(state, "prev_loss")};
        List<double[]> dirs = rows(state, "old_dirs", o);
        List<double[]> steps = rows(state, "old_stps", o);
        double[] ro = state.containsKey("ro") ? vector(state, "ro", dirs.size()) : new double[0];
        if (steps.size() != dirs.size() || ro.length != dirs.size()) {
            throw new IllegalArgumentException("lbfgs: old_dirs, old_stps and ro must have the same length, got "
                    + dirs.size() + ", " + steps.size() + " and " + ro.length);
        }
        List<Double> rhos = new ArrayList<>();
        for (double r : ro) {
            rhos.add(r);
        }
        o.restore(evals, iters, scalars, d, prev, dirs, steps, rhos);
    }

    private static Tensor scalar(double v) {
        return MemoryScope.outside(() -> Tensor.scalar(v, DType.FLOAT64));
    }

    private static Tensor matrix(List<double[]> rows, int n) {
        double[] all = new double[rows.size() * n];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, all, i * n, n);
        }
        return MemoryScope.outside(() -> Tensor.of(DType.FLOAT64, all, rows.size(), n));
    }

    private static double value(Map<String, Tensor> state, String key) {
        Tensor t = state.get(key);
        if (t == null || t.numel() != 1) {
            throw new IllegalArgumentException("lbfgs: state '" + key + "' must be a one-element tensor, got "
                    + (t == null ? "none" : "shape " + t.shape()));
        }
        return t.item();
    }

    private static double[] vector(Map<String, Tensor> state, String key, int n) {
        Tensor t = state.get(key);
        if (t == null || t.rank() != 1 || t.size(0) != n) {
            throw new IllegalArgumentException("lbfgs: state '" + key + "' must have shape [" + n + "], got "
                    + (t == null ? "none" : t.shape()));
        }
        return t.toDoubleArray();
    }

    private static List<double[]> rows(Map<String, Tensor> state, String key, LBFGS o) {
        Tensor t = state.get(key);
        if (t == null) {
            return List.of();
        }
        if (t.rank() != 2 || t.size(1) != o.size() || t.size(0) > o.historyCapacity()) {
            throw new IllegalArgumentException("lbfgs: state '" + key + "' must have shape [k, " + o.size()
                    + "] with k <= history_size " + o.historyCapacity() + ", got " + t.shape());
        }
        double[] all = t.toDoubleArray();
        List<double[]> r = new ArrayList<>();
        for (int i = 0; i < t.size(0); i++) {
            double[] row = new double[o.size()];
            System.arraycopy(all, i * o.size(), row, 0, o.size());
            r.add(row);
        }
        return r;
    }
}
