package dev.neurite.layers.seq2seq;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.GradientClipping;

/**
 * One teacher-forced training step of a {@link Seq2Seq}: cross-entropy of the logits for the decoder inputs against
 * the targets, back-propagation, gradient clipping by global norm, an optimizer step; the step's tensors are
 * released when it ends.
 */
public final class TeacherForcing {
    private static final SparseCategoricalCrossEntropy LOSS = new SparseCategoricalCrossEntropy();

    private TeacherForcing() {
    }

    /**
     * @param clipNorm the largest global gradient norm (0 or less: no clipping)
     * @return the step's loss
     */
    public static double step(Seq2Seq model, Tensor src, Tensor tgtIn, Tensor tgtOut, Optimizer optimizer, double clipNorm) {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor loss = LOSS.compute(model.logits(src, tgtIn), tgtOut);
            optimizer.zeroGrad();
            loss.backward();
            if (clipNorm > 0) {
                GradientClipping.byNorm(model.parameters().values(), clipNorm);
            }
            optimizer.step();
            double value = loss.item();
            optimizer.zeroGrad();
            return value;
        }
    }
}
