package dev.neurite.apps.cli;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Backends;
import dev.neurite.api.data.InMemoryDataset;
import dev.neurite.api.data.SyntheticImages;
import dev.neurite.api.nn.Layer;
import dev.neurite.apps.models.Models;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;

import java.util.Locale;

/**
 * One side of {@code neurite doctor}'s parity run, in a process of its own (ND4J holds one backend per JVM, so
 * {@code cpu} and {@code cuda} cannot both run in the doctor's): trains model {@code MODEL} from seed {@code SEED}
 * for {@code STEPS} Adam steps on synthetic images, in a fixed order, on backend {@code NAME}, and prints each
 * step's loss as {@code loss STEP VALUE}.
 *
 * <p>Usage: {@code ParityWorker NAME MODEL STEPS SEED}
 */
public final class ParityWorker {
    static final int BATCH = 32;

    private ParityWorker() {
    }

    public static void main(String[] args) {
        CliLogging.install();
        if (args.length != 4) {
            System.err.println("usage: ParityWorker NAME MODEL STEPS SEED");
            System.exit(ExitCodes.USAGE);
        }
        try {
            run(args[0], args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]));
        } catch (RuntimeException e) {
            System.err.println("parity run on '" + args[0] + "' failed: " + e);
            System.exit(Main.exitCode(e));
        }
        System.exit(ExitCodes.OK);
    }

    static void run(String backend, String modelName, int steps, long seed) {
        Backends.use(Backends.byName(backend));
        System.out.println("device " + Backends.current().device());
        Layer model = Models.byName(modelName, seed);
        Adam adam = new Adam(model.parameters(), 1e-3);
        SparseCategoricalCrossEntropy loss = new SparseCategoricalCrossEntropy();
        InMemoryDataset data = SyntheticImages.generate(BATCH * steps, seed);
        long[] shape = data.exampleShape().prepend(BATCH).toArray();
        float[] features = new float[Math.toIntExact(data.exampleShape().numel() * BATCH)];
        long[] labels = new long[BATCH];
        for (int step = 0; step < steps; step++) {
            int[] indices = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
                indices[i] = step * BATCH + i;
            }
            data.copyFeatures(indices, features);
            data.copyLabels(indices, labels);
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor l = loss.compute(model.forward(Tensor.of(features, shape)), Tensor.ofLongs(labels, BATCH));
                adam.zeroGrad();
                l.backward();
                adam.step();
                System.out.println(String.format(Locale.ROOT, "loss %d %.9g", step, l.item()));
            }
        }
    }
}
