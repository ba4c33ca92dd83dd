package dev.neurite.api;

import dev.neurite.api.autograd.GradMode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reverse-mode accumulation over the tape recorded by {@link Tensor} operations. */
final class Autograd {
    private Autograd() {
    }

    static void backward(Tensor root, Tensor seed) {
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, seed);
        try (GradMode.Guard g = GradMode.noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor grad = grads.remove(t);
                if (grad == null) {
                    continue;
                }
                GradNode node = t.node;
                if (node == null) {
                    t.accumulateGrad(grad);
                    continue;
                }
                if (t.retainsGrad()) {
                    t.accumulateGrad(grad);
                }
                Tensor[] inputGrads = node.backward.apply(grad);
                for (int k = 0; k < node.inputs.length; k++) {
                    Tensor in = node.inputs[k];
                    Tensor gi = inputGrads[k];
                    if (gi == null || in == null || !in.requiresGrad()) {
                        continue;
                    }
                    if (!gi.shape().equals(in.shape())) {
                        throw new IllegalStateException("autograd: backward of '" + node.op + "' produced a gradient of shape "
                                + gi.shape() + " for an input of shape " + in.shape());
                    }
                    grads.merge(in, gi, Tensor::add);
                }
                // The graph is used once, as in PyTorch without retain_graph: drop it so saved tensors can go.
                t.node = null;
            }
        }
    }

    /** Inputs before the ops that consume them; iterative so that long (RNN) tapes do not overflow the stack. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[]{root, 0});
        visited.add(root);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Tensor[] inputs = t.node == null ? new Tensor[0] : t.node.inputs;
            if (next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in != null && in.requiresGrad() && visited.add(in)) {
                    stack.push(new Object[]{in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
